//! A role written in lower case (`the home secretary`, `the prime minister`, British
//! style) resolved to the one person the article introduced with that role capitalised
//! before the name (`Home Secretary David Blunkett`).

use super::super::lexicon::{is_cap, lower};
use super::{Inventory, TheOne};

impl Inventory<'_> {
    /// `the home secretary`: the one two- or three-word name printed right after the
    /// role's words, capitalised, anywhere in the article; none when several are.
    pub(super) fn by_role_words(&self, source: &str) -> Option<String> {
        let mut ws = source.split_whitespace().map(lower);
        if ws.next().as_deref() != Some("the") {
            return None;
        }
        let role: Vec<String> = ws.collect();
        if role.is_empty() || role.len() > 3 {
            return None;
        }
        let mut found = TheOne::default();
        for (i, w) in self.only.iter().enumerate() {
            let matches = |k: usize, want: &String| {
                self.only
                    .get(i + k)
                    .is_some_and(|w| is_cap(w.bare) && !w.breaks_after && lower(w.bare) == *want)
            };
            if lower(w.bare) != role[0] || !role.iter().enumerate().all(|(k, r)| matches(k, r)) {
                continue;
            }
            let at = i + role.len();
            let k = self.plain.partition_point(|p| p.1 <= at);
            let Some(name) = self
                .plain
                .get(k)
                .filter(|p| p.0 <= at && at < p.1)
                .and_then(|p| p.2.as_deref())
                .filter(|n| (2..=3).contains(&n.split_whitespace().count()))
            else {
                continue;
            };
            // The name's own first word stands where the role ends.
            let first = name.split_whitespace().next().unwrap_or_default();
            if self.only.get(at).is_none_or(|w| w.bare != first) {
                continue;
            }
            if !found.add(self.resolve(name)) {
                return None;
            }
        }
        found.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_roles_resolve_to_their_one_holder() {
        let body = "Prime Minister Tony Blair met Bob Roe. Home Secretary Ann Lee and \
                    former Home Secretary Jack Straw came.";
        let inv = Inventory::build(body);
        let cases = [
            ("The prime minister", Some("Tony Blair")),
            ("the prime minister", Some("Tony Blair")),
            // Two holders named: nobody.
            ("the home secretary", None),
            ("the foreign secretary", None),
            // Only a definite role.
            ("a prime minister", None),
        ];
        for (source, want) in cases {
            assert_eq!(inv.by_descriptor(source).as_deref(), want, "{source}");
        }
    }
}
