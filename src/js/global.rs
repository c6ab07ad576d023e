//! Module-wide state (the pending-call table, the default client, …).
//!
//! With `std` this is `thread_local!`. The placement build has no `std`
//! (it is what keeps panics and `core::fmt` out of the `.wasm`), so there
//! a `static` holds the value, made on first use. That is sound because a
//! wasm instance without the `atomics` feature runs on exactly one thread.
//! Both offer the same calls (`with`, `with_borrow`, `with_borrow_mut`,
//! `get`, `set`, `replace`), so the code using them is the same.

#[cfg(not(feature = "std"))]
use core::cell::{Cell, OnceCell, RefCell};

/// Declares module-wide state: `global! { static NAME: Type = init; }`.
#[cfg(feature = "std")]
macro_rules! global {
    ($($(#[$meta:meta])* static $name:ident: $ty:ty = $init:expr;)*) => {
        thread_local! { $($(#[$meta])* static $name: $ty = $init;)* }
    };
}

/// Declares module-wide state: `global! { static NAME: Type = init; }`.
#[cfg(not(feature = "std"))]
macro_rules! global {
    ($($(#[$meta:meta])* static $name:ident: $ty:ty = $init:expr;)*) => {
        $($(#[$meta])* static $name: $crate::js::global::Global<$ty> =
            $crate::js::global::Global::new(|| $init);)*
    };
}

#[allow(unused_imports)]
pub(crate) use global;

/// A value made on first use, for a single-threaded instance.
#[cfg(not(feature = "std"))]
pub struct Global<T> {
    value: OnceCell<T>,
    init: fn() -> T,
}

// SAFETY: the placement build targets wasm32 without `atomics`: the
// instance has one thread, so nothing is ever shared between threads.
#[cfg(all(
    not(feature = "std"),
    target_family = "wasm",
    not(target_feature = "atomics")
))]
unsafe impl<T> Sync for Global<T> {}

#[cfg(not(feature = "std"))]
impl<T> Global<T> {
    /// A value that `init` makes on first use.
    pub const fn new(init: fn() -> T) -> Self {
        Global {
            value: OnceCell::new(),
            init,
        }
    }

    /// Runs `f` with the value.
    pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(self.value.get_or_init(self.init))
    }
}

#[cfg(not(feature = "std"))]
impl<T> Global<RefCell<T>> {
    /// Runs `f` with the value borrowed.
    pub fn with_borrow<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        self.with(|cell| match cell.try_borrow() {
            Ok(value) => f(&value),
            Err(_) => overlapping_borrow(),
        })
    }

    /// Runs `f` with the value borrowed mutably.
    pub fn with_borrow_mut<R>(&'static self, f: impl FnOnce(&mut T) -> R) -> R {
        self.with(|cell| match cell.try_borrow_mut() {
            Ok(mut value) => f(&mut value),
            Err(_) => overlapping_borrow(),
        })
    }
}

/// Borrows never overlap: none is held while JavaScript runs, so nothing
/// can re-enter during one. Were that broken, trap without formatting a
/// message (as `RefCell` would, with one).
#[cfg(not(feature = "std"))]
fn overlapping_borrow() -> ! {
    #[cfg(target_family = "wasm")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_family = "wasm"))]
    panic!("overlapping borrow of module-wide state")
}

#[cfg(not(feature = "std"))]
impl<T: Copy> Global<Cell<T>> {
    /// The value.
    pub fn get(&'static self) -> T {
        self.with(Cell::get)
    }

    /// Replaces the value.
    pub fn set(&'static self, value: T) {
        self.with(|cell| cell.set(value));
    }

    /// Replaces the value and gives the old one.
    pub fn replace(&'static self, value: T) -> T {
        self.with(|cell| cell.replace(value))
    }
}
