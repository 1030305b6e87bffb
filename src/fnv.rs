//! FNV-1a, 64 bits: the fixed, published hash behind seeded choice orders (so they never
//! depend on std's hasher), and a fast hasher for the maps reports fill once per stored
//! answer, keyed by short ids from our own database (no untrusted keys, so no need for
//! std's flood-resistant SipHash).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// The FNV-1a hash of `parts` read one after the other.
pub fn fnv1a64(parts: &[&[u8]]) -> u64 {
    let mut hasher = Fnv::default();
    for part in parts {
        hasher.write(part);
    }
    hasher.finish()
}

/// FNV-1a as a [`Hasher`].
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(OFFSET)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` hashed with FNV-1a.
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
/// A `HashSet` hashed with FNV-1a.
pub type FnvSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_test_vectors() {
        // From the FNV reference (draft-eastlake-fnv): "", "a", "foobar".
        assert_eq!(fnv1a64(&[]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(&[b"foobar"]), 0x8594_4171_f739_67e8);
        assert_eq!(fnv1a64(&[b"foo", b"bar"]), fnv1a64(&[b"foobar"]));
    }

    #[test]
    fn maps_work_as_maps() {
        let mut map: FnvMap<String, usize> = FnvMap::default();
        for (i, id) in ["q1", "q2", "q1"].iter().enumerate() {
            *map.entry((*id).to_owned()).or_default() += i;
        }
        assert_eq!((map["q1"], map["q2"], map.len()), (2, 1, 2));
    }
}
