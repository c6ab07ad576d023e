//! `Box::new` without `alloc::alloc::handle_alloc_error`.
//!
//! `Box::new` and `Rc::new` report a failed allocation through
//! `handle_alloc_error`, whose default handler formats "memory allocation
//! of N bytes failed": that keeps integer formatting in the placement
//! build's `.wasm` (about 0.4 KB gzip), although its panics trap without
//! formatting anything. [`boxed`] traps at once instead.

use alloc::boxed::Box;

/// `Box::new(value)`; on wasm, a failed allocation traps here.
#[cfg(target_arch = "wasm32")]
pub fn boxed<T>(value: T) -> Box<T> {
    use core::alloc::Layout;
    const { assert!(core::mem::size_of::<T>() > 0, "boxed: zero-sized type") };
    // SAFETY: `T` is not zero-sized (checked at compile time above).
    let ptr = unsafe { alloc::alloc::alloc(Layout::new::<T>()) }.cast::<T>();
    if ptr.is_null() {
        core::arch::wasm32::unreachable()
    }
    // SAFETY: `ptr` is a fresh allocation of `T`'s layout by the global
    // allocator, as `Box::from_raw` requires, and is written before use.
    unsafe {
        ptr.write(value);
        Box::from_raw(ptr)
    }
}

/// `Box::new(value)` (hosts: their allocation failures abort as usual).
#[cfg(not(target_arch = "wasm32"))]
pub fn boxed<T>(value: T) -> Box<T> {
    Box::new(value)
}
