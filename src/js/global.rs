//! Module-wide state (the pending-call table, the default client, …).
//!
//! With `std` this is `thread_local!`. The placement build has no `std`
//! (it is what keeps panics and `core::fmt` out of the `.wasm`), so there
//! a `static` holds the value, made on first use (or at compile time, for
//! `= const { … }`). That is sound because a wasm instance without the
//! `atomics` feature runs on exactly one thread.
//! Both offer the same calls (`with` on a value made on first use;
//! `with_borrow`, `with_borrow_mut`, `get`, `set`, `replace` on a `RefCell`
//! or `Cell` made at compile time), so the code using them is the same.

#[cfg(not(feature = "std"))]
use core::cell::{Cell, OnceCell, RefCell};

/// Declares module-wide state: `global! { static NAME: Type = init; }`,
/// or `= const { init };` for a value made at compile time.
#[cfg(feature = "std")]
macro_rules! global {
    () => {};
    ($(#[$meta:meta])* static $name:ident: $ty:ty = const $init:block; $($rest:tt)*) => {
        thread_local! { $(#[$meta])* static $name: $ty = const $init; }
        $crate::js::global::global! { $($rest)* }
    };
    ($(#[$meta:meta])* static $name:ident: $ty:ty = $init:expr; $($rest:tt)*) => {
        thread_local! { $(#[$meta])* static $name: $ty = $init; }
        $crate::js::global::global! { $($rest)* }
    };
}

/// Declares module-wide state: `global! { static NAME: Type = init; }`,
/// or `= const { init };` for a value made at compile time.
#[cfg(not(feature = "std"))]
macro_rules! global {
    () => {};
    ($(#[$meta:meta])* static $name:ident: $ty:ty = const $init:block; $($rest:tt)*) => {
        $(#[$meta])* static $name: $crate::js::global::Fixed<$ty> =
            $crate::js::global::Fixed::new($init);
        $crate::js::global::global! { $($rest)* }
    };
    ($(#[$meta:meta])* static $name:ident: $ty:ty = $init:expr; $($rest:tt)*) => {
        $(#[$meta])* static $name: $crate::js::global::Global<$ty> =
            $crate::js::global::Global::new(|| $init);
        $crate::js::global::global! { $($rest)* }
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

/// A value made at compile time, for a single-threaded instance: no
/// first-use check at each access.
#[cfg(not(feature = "std"))]
pub struct Fixed<T>(T);

// SAFETY: the placement build targets wasm32 without `atomics`: the
// instance has one thread, so nothing is ever shared between threads.
#[cfg(all(
    not(feature = "std"),
    target_family = "wasm",
    not(target_feature = "atomics")
))]
unsafe impl<T> Sync for Global<T> {}

// SAFETY: as for `Global`: one thread, nothing shared between threads.
#[cfg(all(
    not(feature = "std"),
    target_family = "wasm",
    not(target_feature = "atomics")
))]
unsafe impl<T> Sync for Fixed<T> {}

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
        // Not `get_or_init`: its check for a reentrant initialisation
        // formats a panic message. No `init` here reads its own global; if
        // one did, the first value stored would be kept.
        if self.value.get().is_none() {
            let _ = self.value.set((self.init)());
        }
        match self.value.get() {
            Some(value) => f(value),
            // Set just above: cannot be empty.
            None => cannot_happen(),
        }
    }
}

#[cfg(not(feature = "std"))]
impl<T> Fixed<T> {
    /// The value `value`.
    pub const fn new(value: T) -> Self {
        Fixed(value)
    }
}

#[cfg(not(feature = "std"))]
impl<T> Fixed<RefCell<T>> {
    /// Runs `f` with the value borrowed.
    pub fn with_borrow<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        match self.0.try_borrow() {
            Ok(value) => f(&value),
            Err(_) => cannot_happen(),
        }
    }

    /// Runs `f` with the value borrowed mutably.
    pub fn with_borrow_mut<R>(&'static self, f: impl FnOnce(&mut T) -> R) -> R {
        match self.0.try_borrow_mut() {
            Ok(mut value) => f(&mut value),
            Err(_) => cannot_happen(),
        }
    }
}

/// Borrows never overlap: none is held while JavaScript runs, so nothing
/// can re-enter during one. Were that (or another invariant of this
/// module) broken, trap without formatting a message (as `RefCell` would,
/// with one).
#[cfg(not(feature = "std"))]
fn cannot_happen() -> ! {
    #[cfg(target_family = "wasm")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_family = "wasm"))]
    panic!("broken invariant of module-wide state")
}

#[cfg(not(feature = "std"))]
impl<T: Copy> Fixed<Cell<T>> {
    /// The value.
    pub fn get(&'static self) -> T {
        self.0.get()
    }

    /// Replaces the value.
    pub fn set(&'static self, value: T) {
        self.0.set(value);
    }

    /// Replaces the value and gives the old one.
    pub fn replace(&'static self, value: T) -> T {
        self.0.replace(value)
    }
}
