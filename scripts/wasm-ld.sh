#!/usr/bin/env bash
# The linker for wasm32-unknown-unknown (set in .cargo/config.toml): rust-lld
# as rustc calls it (rustc puts its own rust-lld first on PATH), with fewer
# exports for the module's two builds, which build.rs marks:
#
# `--export-if-defined=__bx24_describe_imports_only` (both builds): js-sys
# exports a `__wbindgen_describe_…` function for each of its ~1,500 imports,
# for the wasm-bindgen CLI to read their types, and with them the linker keeps
# what they reach (closure shims in the function table, their types), where
# the CLI and wasm-opt cannot remove them any more. The CLI reads only the
# descriptions of the imports the module has: so the module is linked once,
# its imports read (scripts/wasm-imports.mjs), and linked again without the
# descriptions of the others. If the second link's imports differ, or node
# is missing, the first link stands. (Placement build −166 B gzip, full
# build −164 B; the JS glue is the same.)
#
# `--export-if-defined=__bx24_without_jspi` (the placement build): it also
# leaves out two exports that js-sys and wasm-bindgen add for JS Promise
# Integration (JSPI), which that build never uses (no async code, no
# `#[wasm_bindgen(jspi)]` export):
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
#
# The marks, `--export-if-defined` of symbols that do not exist, change
# nothing for a plain rust-lld.
set -euo pipefail
jspi=
describe=
for a in "$@"; do
  case "$a" in
    --export-if-defined=__bx24_without_jspi) jspi=1 ;;
    --export-if-defined=__bx24_describe_imports_only) describe=1 ;;
  esac
done

# $1: the imports to keep descriptions of (" a b … "), or "" for all; then
# the arguments. Sets `args` and `out`.
filter() {
  local keep="$1" a prev=
  shift
  args=()
  out=
  for a in "$@"; do
    if [ "$prev" = "--export" ]; then
      local drop=
      if [ -n "$jspi" ] && { [ "$a" = __wbg_jspi_task_poll ] || [ "$a" = __wbindgen_jspi_set_rejected ]; }; then
        drop=1
      elif [ -n "$keep" ] && [[ "$a" == __wbindgen_describe___wbg_* && "$keep" != *" ${a#__wbindgen_describe_} "* ]]; then
        drop=1
      fi
      if [ -n "$drop" ]; then
        unset 'args[${#args[@]}-1]'
        prev=
        continue
      fi
    fi
    [ "$prev" = "-o" ] && out=$a
    args+=("$a")
    prev=$a
  done
}

filter "" "$@"
if [ -z "$describe" ] || [ -z "$out" ] || ! command -v node >/dev/null; then
  exec rust-lld "${args[@]}"
fi
rust-lld "${args[@]}"
imports() { node "$(dirname "${BASH_SOURCE[0]}")/wasm-imports.mjs" "$1" | sort; }
first=$(imports "$out") || exit 0
cp "$out" "$out.all-descriptions"
filter " $(echo $first) " "$@"
if rust-lld "${args[@]}" && [ "$(imports "$out")" = "$first" ]; then
  rm -f "$out.all-descriptions"
else
  mv "$out.all-descriptions" "$out"
fi
