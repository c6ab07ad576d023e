//! The global allocator of the wasm module: a free list per power-of-two
//! block size over memory taken from `memory.grow`.
//!
//! An allocation gets a block of the smallest power of two (at least 8
//! bytes) that holds its size and its alignment, aligned to that size, so it
//! suits every layout of its class. A freed block goes to the front of its
//! class's list, and the next allocation of that class takes it back; only
//! when the list is empty does a block come from the end of the heap, which
//! grows the memory when it must. A run that keeps making the same kinds of
//! allocation therefore keeps the same memory, however long it runs.
//! Blocks are never split or merged: that costs up to half of each block,
//! and this module's allocations are small and short-lived.
//!
//! Sound only for an instance with one thread (wasm32 without `atomics`).

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32::{memory_grow, memory_size};
use core::cell::Cell;
use core::ptr::{addr_of, null_mut};

/// Bytes in a page of wasm memory.
const PAGE: u64 = 65_536;

/// Free lists by block size (2^class bytes) and the end of the heap.
pub struct Heap {
    /// The first free block of each class; each free block starts with the
    /// address of the next one (0 ends the list).
    free: [Cell<usize>; usize::BITS as usize],
    /// Where the next new block may start (0: at `__heap_base`).
    top: Cell<u64>,
}

// SAFETY: the module runs in a wasm instance without `atomics`: one thread.
unsafe impl Sync for Heap {}

impl Heap {
    /// An empty heap.
    pub const fn new() -> Self {
        #[allow(clippy::declare_interior_mutable_const)]
        const EMPTY: Cell<usize> = Cell::new(0);
        Heap {
            free: [EMPTY; usize::BITS as usize],
            top: Cell::new(0),
        }
    }

    /// A new block of 2^class bytes (class below 32) from the end of the
    /// heap, the memory grown if needed; null if the memory cannot grow.
    ///
    /// The heap runs from where the linker put the end of the static data
    /// and the stack (`__heap_base`) to the end of the memory: nothing else
    /// in this module uses or grows that memory. Computed in `u64`, where
    /// nothing overflows.
    fn carve(&self, class: u32) -> *mut u8 {
        extern "C" {
            static __heap_base: u8;
        }
        let size = 1u64 << class;
        loop {
            let top = match self.top.get() {
                #[allow(unused_unsafe)]
                // SAFETY: only the address of the linker's symbol is taken.
                0 => (unsafe { addr_of!(__heap_base) }) as usize as u64,
                top => top,
            };
            let start = (top + size - 1) & !(size - 1);
            let stop = start + size;
            let end = memory_size(0) as u64 * PAGE;
            if stop <= end {
                self.top.set(stop);
                return start as usize as *mut u8;
            }
            if memory_grow(0, (stop - end).div_ceil(PAGE) as usize) == usize::MAX {
                return null_mut();
            }
        }
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

/// The class of a layout: log2 of the smallest power of two, at least 8,
/// that is at least its size and its alignment.
fn class(layout: &Layout) -> u32 {
    let bytes = layout.size().max(layout.align()).max(8);
    usize::BITS - (bytes - 1).leading_zeros()
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let class = class(&layout);
        let Some(list) = self.free.get(class as usize) else {
            return null_mut();
        };
        let block = list.get();
        if block == 0 {
            return self.carve(class);
        }
        // SAFETY: a free block of this class, at least 8 bytes and aligned
        // to 8, starts with the address of the next one.
        list.set(unsafe { *(block as *const usize) });
        block as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(list) = self.free.get(class(&layout) as usize) {
            // SAFETY: `ptr` is a block of this class (at least 8 bytes,
            // aligned to 8) that the caller gives up.
            unsafe { *(ptr as *mut usize) = list.get() };
            list.set(ptr as usize);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees that `new_size`, rounded up to the
        // alignment, does not overflow `isize`.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // The block already holds every size of its class.
        if class(&new_layout) == class(&layout) {
            return ptr;
        }
        // SAFETY: as `GlobalAlloc::realloc` does by default: a new block,
        // the bytes both sizes share copied, the old block freed.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}
