//! The committed weights of the learned parts of attribution ([`super::fragments`], the
//! pronoun ranker): `feature<TAB>weight` files that the training scripts write.

/// Reads `feature<TAB>weight` lines into one weight per name of `features`; `#` comments,
/// blank lines and unknown names are skipped, and a feature without a line weighs nothing.
pub(crate) fn parse<const N: usize>(text: &str, features: &[&str; N]) -> [f32; N] {
    let mut w = [0.0; N];
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
            continue;
        };
        let (Some(i), Ok(v)) = (features.iter().position(|f| *f == name), value.parse()) else {
            continue;
        };
        if let Some(slot) = w.get_mut(i) {
            *slot = v;
        }
    }
    w
}
