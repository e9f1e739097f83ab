//! Small word and sentence properties that several models use as features.

/// The last `n` characters of `s` (all of it when shorter).
pub(crate) fn suffix(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    let start = s.char_indices().nth(count - n).map(|(i, _)| i).unwrap_or(0);
    &s[start..]
}

/// The first `n` characters of `s` (all of it when shorter).
pub(crate) fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// How a sentence uses capitals: "caps" (shouted headlines), "lower"
/// (chat), "title" (headline case) or "mixed" (ordinary prose). Capitals
/// say less about names in the first three.
pub(crate) fn sentence_casing(words: &[&str]) -> &'static str {
    let alpha: Vec<&&str> = words.iter().filter(|w| w.chars().next().is_some_and(char::is_alphabetic)).collect();
    let caps = alpha.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    let all_caps = alpha.iter().filter(|w| w.chars().count() > 1 && !w.chars().any(char::is_lowercase)).count();
    let n = alpha.len().max(1);
    if all_caps * 2 > n {
        "caps"
    } else if caps == 0 {
        "lower"
    } else if caps * 10 >= n * 6 && n >= 3 {
        "title"
    } else {
        "mixed"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_and_casing() {
        assert_eq!(suffix("talks", 3), "lks");
        assert_eq!(prefix("talks", 2), "ta");
        assert_eq!(suffix("é", 3), "é");
        assert_eq!(sentence_casing(&["JAPAN", "GET", "LUCKY", "WIN"]), "caps");
        assert_eq!(sentence_casing(&["i", "am", "out"]), "lower");
        assert_eq!(sentence_casing(&["Leaders", "Meet", "In", "Geneva"]), "title");
        assert_eq!(sentence_casing(&["Russia", "met", "the", "envoy", "in", "Geneva"]), "mixed");
    }
}
