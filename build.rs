//! Marks the module's builds for the linker, scripts/wasm-ld.sh (set in
//! .cargo/config.toml), which then leaves out exports the module does not
//! need: the descriptions of the imports it does not have (both builds) and,
//! for the placement build (wasm32 without `std`), the JS Promise
//! Integration exports of js-sys and wasm-bindgen. The marks,
//! `--export-if-defined` of symbols that do not exist, change nothing for a
//! plain rust-lld.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--export-if-defined=__bx24_describe_imports_only");
        if std::env::var_os("CARGO_FEATURE_STD").is_none() {
            println!("cargo:rustc-link-arg-cdylib=--export-if-defined=__bx24_without_jspi");
        }
    }
}
