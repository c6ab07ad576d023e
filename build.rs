//! Marks the placement build (wasm32 without `std`) for the linker,
//! scripts/wasm-ld.sh (set in .cargo/config.toml): there it leaves out the
//! JS Promise Integration exports of js-sys and wasm-bindgen, which this
//! build never uses. The mark, `--export-if-defined` of a symbol that does
//! not exist, changes nothing for a plain rust-lld.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm32 = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm32 && std::env::var_os("CARGO_FEATURE_STD").is_none() {
        println!("cargo:rustc-link-arg-cdylib=--export-if-defined=__bx24_without_jspi");
    }
}
