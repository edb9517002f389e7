//! The loose phonetic key under which the romanized spellings of one Korean
//! name meet ([`phonetic_key`]).

/// A loose key for romanized Korean names under which the MR, RR, DPRK and
/// older spellings of one name meet. The input is folded Latin text (see
/// [`fold`](crate::normalize::fold)); spaces are removed, and the rules below run across them as if
/// the name were written in one word, so `Hoe-ryong`, `Sangdong-ri` and
/// `Sangdong-ni` meet their one-word spellings. Meant as a low-scoring fallback after
/// exact and folded matches: it merges some distinct names.
///
/// Rules, in order:
///
/// 1. At the start of the key, the initial-sound law: `r`/`l` before
///    `i`/`y` is dropped, before another vowel it becomes `n`; `n` before
///    `i`/`y` is dropped (`ryanggang` = `yanggang`, `rason` = `nason`,
///    `nyongbyon` = `yongbyon`).
/// 2. Vowels: `eo` → `o`, `eu` → `u` (RR against folded MR). `o` and `u`
///    stay apart: merging them would join `Onsong` and `Unsong`, and the
///    `u` spelling of `ㅓ` (`Chungjin`) belongs to pre-war and personal-name
///    usage. `ae`, `e`, `oe` stay apart.
/// 3. Consonants by place, ignoring voicing, aspiration and tensing:
///    `g k kk kh` → `k`; `d t tt th` → `t`; `b p pp ph` → `p`;
///    `j jj ch tch` → `c`; `s ss sh` → `s`; `r l` → `l`; `ng` is one unit
///    (`G`) so that it never meets `n`+`k`.
/// 4. Consonant assimilation as Korean pronounces it, so that spellings
///    written with and without it meet: `k t p` before `n m` become
///    `G n m`; `l` after `m G` becomes `n`, after `k t p` it becomes `n` and
///    the stop nasalizes; `nl` and `ln` become `l` (`Amrokkang` =
///    `Amnokkang`).
/// 5. A consonant repeated is written once (`kk`, `nn`, `ll`).
///
/// Non-ASCII characters pass through. Onsets other than `r l n` are never
/// dropped or merged with one another, so `Onsong` and `Kosong` stay apart.
///
/// ```
/// use eventmap::normalize::romanize::phonetic_key;
/// assert_eq!(phonetic_key("hoeryong"), phonetic_key("hoeryeong"));
/// assert_eq!(phonetic_key("jagang"), phonetic_key("chagang"));
/// assert_ne!(phonetic_key("hyesan"), phonetic_key("musan"));
/// ```
pub fn phonetic_key(folded_latin: &str) -> String {
    let mut key = Vec::with_capacity(folded_latin.len());
    phonetic_key_into(folded_latin, &mut key);
    // Only ASCII tokens and whole UTF-8 sequences were pushed.
    String::from_utf8(key).unwrap_or_default()
}

/// [`phonetic_key`] written into `key` (cleared first), for callers that
/// look up many words and reuse one buffer. The bytes are UTF-8.
pub fn phonetic_key_into(folded_latin: &str, key: &mut Vec<u8>) {
    phonetic_key_cuts(folded_latin, &[], key, &mut []);
}

/// [`phonetic_key_into`] of `folded_latin`, and in the same pass the keys of
/// its prefixes that end at the byte offsets `cuts` (ascending, each at a
/// space or at the end: a prefix is whole words). Tokens never span a
/// space, and later tokens change at most the last byte of the key so far,
/// so the key of the prefix ending at `cuts[k]` is `key[..len - 1]`
/// followed by `last`, where `(len, last) = prefixes[k]` (`len` 0: empty).
pub fn phonetic_key_cuts(
    folded_latin: &str,
    cuts: &[usize],
    key: &mut Vec<u8>,
    prefixes: &mut [(usize, u8)],
) {
    key.clear();
    let b = folded_latin.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut next_cut = 0;
    // The initial-sound law applies to the start of the key only: a space or
    // hyphen inside a name often splits syllables (`Hoe-ryong`, `Sangdong-ri`)
    // and must not silence the `r` after it.
    let mut key_start = true;
    let mut i = 0;
    while i < b.len() {
        while next_cut < cuts.len() && cuts[next_cut] <= i {
            prefixes[next_cut] = (key.len(), key.last().copied().unwrap_or(0));
            next_cut += 1;
        }
        let c = b[i];
        if c == b' ' {
            i += 1;
            continue;
        }
        if !c.is_ascii() {
            // Copy the whole UTF-8 sequence.
            let len = folded_latin[i..].chars().next().map_or(1, char::len_utf8);
            key.extend_from_slice(&b[i..i + len]);
            i += len;
            key_start = false;
            continue;
        }
        if key_start {
            key_start = false;
            let next = at(i + 1);
            let iotized = matches!(next, b'i' | b'y');
            let vowel = matches!(next, b'a' | b'e' | b'o' | b'u' | b'w');
            match c {
                b'r' | b'l' if iotized => {
                    i += 1;
                    continue;
                }
                b'r' | b'l' if vowel => {
                    key.push(b'n');
                    i += 1;
                    continue;
                }
                b'n' if iotized => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        let (token, len) = match (c, at(i + 1), at(i + 2)) {
            (b't', b'c', b'h') => (b'c', 3),
            (b'c', b'h', _) => (b'c', 2),
            (b'j', _, _) => (b'c', 1),
            (b'n', b'g', _) => (b'G', 2),
            (b'k' | b't' | b'p' | b's', b'h', _) => (class(c), 2),
            (b'e', b'o', _) => (b'o', 2),
            (b'e', b'u', _) => (b'u', 2),
            _ => (class(c), 1),
        };
        i += len;
        push_assimilated(key, token);
    }
    for prefix in &mut prefixes[next_cut..] {
        *prefix = (key.len(), key.last().copied().unwrap_or(0));
    }
}

/// The consonant class of one letter (see [`phonetic_key`]).
fn class(c: u8) -> u8 {
    match c {
        b'g' | b'k' => b'k',
        b'd' | b't' => b't',
        b'b' | b'p' => b'p',
        b'r' | b'l' => b'l',
        other => other,
    }
}

fn is_key_consonant(c: u8) -> bool {
    matches!(
        c,
        b'k' | b't' | b'p' | b'c' | b's' | b'h' | b'l' | b'm' | b'n' | b'G'
    )
}

/// Pushes a key token after applying assimilation with the previous one and
/// collapsing a repeated consonant.
fn push_assimilated(key: &mut Vec<u8>, mut token: u8) {
    if let Some(last) = key.last_mut() {
        let stop_nasal = match *last {
            b'k' => b'G',
            b't' => b'n',
            b'p' => b'm',
            _ => 0,
        };
        match token {
            b'l' => match *last {
                b'n' => *last = b'l',
                b'm' | b'G' => token = b'n',
                b'k' | b't' | b'p' => {
                    *last = stop_nasal;
                    token = b'n';
                }
                _ => {}
            },
            b'n' | b'm' => {
                if stop_nasal != 0 {
                    *last = stop_nasal;
                } else if *last == b'l' && token == b'n' {
                    token = b'l';
                }
            }
            _ => {}
        }
        if token == *last && is_key_consonant(token) {
            return;
        }
    }
    key.push(token);
}

/// A looser key over [`phonetic_key`] for the ad-hoc spellings of older
/// English-language reporting: ŏ written `u` before `ng` (Pyungyang,
/// Chungjin, Kyungsung, Huiryung for 령) and 회 written `hui` or `hoi`
/// (Huiryung, Hoiryong for 회령). Used only after the strict key found
/// nothing, since it merges some distinct syllables (중 and 종).
///
/// ```
/// use eventmap::normalize::romanize::{loose_key, phonetic_key};
/// let loose = |w: &str| loose_key(&phonetic_key(w));
/// assert_eq!(loose("huiryung"), loose("hoeryong"));
/// assert_eq!(loose("pyungyang"), loose("pyongyang"));
/// assert_ne!(loose("onsong"), loose("unsong"));
/// ```
pub fn loose_key(phonetic: &str) -> String {
    let mut key = phonetic.as_bytes().to_vec();
    loose_key_in_place(&mut key);
    // ASCII bytes replaced by ASCII bytes: still UTF-8.
    String::from_utf8(key).expect("ASCII replacements keep UTF-8")
}

/// [`loose_key`] in place: turns the phonetic key in `key` into its loose
/// key.
pub fn loose_key_in_place(key: &mut [u8]) {
    // Three replacements of two ASCII bytes by two, left to right like
    // `str::replace`, in place: the matcher asks for a loose key for every
    // word that might be a romanized name.
    for (from, to) in [(b"ui", b"oe"), (b"oi", b"oe"), (b"uG", b"oG")] {
        let mut i = 0;
        while i + 1 < key.len() {
            if key[i] == from[0] && key[i + 1] == from[1] {
                key[i..i + 2].copy_from_slice(to);
                i += 2;
            } else {
                i += 1;
            }
        }
    }
}
