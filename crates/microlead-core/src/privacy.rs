//! The group-figure rule of DESIGN.md §3.3: a figure computed over people and shown to someone
//! else needs at least k people behind it, and its complement inside the parent group must reach
//! k as well, so nobody can be isolated by subtraction.

/// The default minimum group size.
pub const DEFAULT_K: u32 = 5;
/// An admin may raise k, never set it below this.
pub const MIN_K: u32 = 3;

/// Whether `k` is an allowed setting.
pub fn valid_k(k: u32) -> bool {
    (MIN_K..=1000).contains(&k)
}

/// Whether a figure over a whole group of `group_size` people may be shown.
pub fn group_figure_allowed(group_size: usize, k: u32) -> bool {
    group_size >= k.max(MIN_K) as usize
}

/// Whether a figure over a subgroup of `subgroup` people out of a parent of `parent` may be
/// shown: both the subgroup and the rest of the parent need k people.
pub fn subgroup_figure_allowed(subgroup: usize, parent: usize, k: u32) -> bool {
    subgroup <= parent
        && group_figure_allowed(subgroup, k)
        && group_figure_allowed(parent - subgroup, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_needs_k() {
        assert!(!group_figure_allowed(4, 5));
        assert!(group_figure_allowed(5, 5));
        // k below the floor is treated as the floor.
        assert!(!group_figure_allowed(2, 1));
    }

    #[test]
    fn complement_needs_k_too() {
        assert!(!subgroup_figure_allowed(5, 9, 5));
        assert!(subgroup_figure_allowed(5, 10, 5));
        assert!(!subgroup_figure_allowed(11, 10, 5));
    }

    #[test]
    fn k_setting_has_a_floor() {
        assert!(!valid_k(2));
        assert!(valid_k(3));
        assert!(valid_k(5));
    }
}
