//! Hangul romanization (placeholder until the table-driven romanizer lands).

/// Revised Romanization of a Hangul string, syllable by syllable.
pub fn revised(hangul: &str) -> String {
    const I: [&str; 19] = [
        "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t",
        "p", "h",
    ];
    const M: [&str; 21] = [
        "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
        "we", "wi", "yu", "eu", "ui", "i",
    ];
    const F: [&str; 28] = [
        "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
        "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
    ];
    let mut out = String::new();
    for c in hangul.chars() {
        let v = c as u32;
        if (0xAC00..=0xD7A3).contains(&v) {
            let s = v - 0xAC00;
            out.push_str(I[(s / 588) as usize]);
            out.push_str(M[((s % 588) / 28) as usize]);
            out.push_str(F[(s % 28) as usize]);
        } else {
            out.push(c);
        }
    }
    out
}

/// Romanized spellings of a Hangul name, folded.
pub fn romanized_variants(hangul: &str) -> Vec<String> {
    vec![revised(hangul)]
}
