#!/usr/bin/env bash
# The linker for wasm32-unknown-unknown (set in .cargo/config.toml): rust-lld
# as rustc calls it (rustc puts its own rust-lld first on PATH). For the
# placement build, which build.rs marks with `--export-if-defined=
# __bx24_without_jspi`, it leaves out two exports that js-sys and wasm-bindgen
# add to every module for JS Promise Integration (JSPI), which that build
# never uses (it has no async code and no `#[wasm_bindgen(jspi)]` export):
# - `__wbg_jspi_task_poll` (js-sys): a task's poll loop, with a waker vtable
#   and RefCell borrow panics whose Display impls put `core::fmt` code in the
#   function table, where wasm-opt cannot remove it (about 1 KB gzip);
# - `__wbindgen_jspi_set_rejected` (wasm-bindgen): used only by the glue of
#   `#[wasm_bindgen(suspending)]` imports.
# wasm-bindgen deletes the first export itself when a module has no JSPI
# exports, but only after the linker has put everything it reaches in the
# module. The full build keeps both: there `spawn_local` still links the JSPI
# spawn import, and wasm-bindgen only stubs that import out when it finds
# the task poll export.
set -euo pipefail
drop=
for a in "$@"; do
  [ "$a" = "--export-if-defined=__bx24_without_jspi" ] && drop=" __wbg_jspi_task_poll __wbindgen_jspi_set_rejected "
done
args=()
prev=
for a in "$@"; do
  if [ "$prev" = "--export" ] && [[ -n "$drop" && "$drop" == *" $a "* ]]; then
    unset 'args[${#args[@]}-1]'
    prev=
    continue
  fi
  args+=("$a")
  prev=$a
done
exec rust-lld "${args[@]}"
