//! The `bx24-emulator` binary as a child process, for the tests that run it
//! the way users do.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills the emulator even when an assertion fails.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The binary, to be given its flags.
pub fn emulator() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bx24-emulator"))
}

/// Starts `command` (stdout piped, stderr dropped) and waits for its first
/// line, `listening on http://ADDR`; gives the process and `ADDR`.
pub fn start_http(mut command: Command) -> (Running, String) {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the emulator starts");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("stdout piped");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("first line");
    let addr = first
        .trim_end()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("first line was {first:?}"))
        .to_owned();
    (running, addr)
}
