//! The tables of Hangul romanization: the seven representative codas, jamo
//! indices in Unicode order, what each final leaves before a vowel or a
//! consonant, and how each system spells onsets, vowels and codas. The
//! algorithm that applies them is in the parent module.

/// A coda after the sound changes: one of the seven representative finals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Coda {
    None,
    K,
    N,
    T,
    L,
    M,
    P,
    Ng,
}

// Initial consonant indices (Unicode order).
pub(super) const I_G: u8 = 0;
pub(super) const I_N: u8 = 2;
pub(super) const I_D: u8 = 3;
pub(super) const I_R: u8 = 5;
pub(super) const I_M: u8 = 6;
pub(super) const I_B: u8 = 7;
pub(super) const I_S: u8 = 9;
pub(super) const I_SS: u8 = 10;
pub(super) const I_NONE: u8 = 11;
pub(super) const I_J: u8 = 12;
pub(super) const I_CH: u8 = 14;
pub(super) const I_K: u8 = 15;
pub(super) const I_T: u8 = 16;

// Medial vowel indices used by the rules.
pub(super) const V_A: u8 = 0;
pub(super) const V_E: u8 = 5;
pub(super) const V_O: u8 = 8;
pub(super) const V_WI: u8 = 16;
pub(super) const V_I: u8 = 20;

/// True for the medials that start with `i` or `y` (`ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ`),
/// before which the initial-sound law silences `ㄹ` and `ㄴ`.
pub(super) fn is_iotized(medial: u8) -> bool {
    matches!(medial, 2 | 3 | 6 | 7 | 12 | 17 | 20)
}

/// For every final (index 0..28): the coda it leaves behind and the onset it
/// becomes when the next syllable starts with `ㅇ`.
pub(super) const LINK: [(Coda, u8); 28] = [
    (Coda::None, I_NONE), // none
    (Coda::None, 0),      // ㄱ
    (Coda::None, 1),      // ㄲ
    (Coda::K, I_S),       // ㄳ
    (Coda::None, I_N),    // ㄴ
    (Coda::N, I_J),       // ㄵ
    (Coda::None, I_N),    // ㄶ (ㅎ silent)
    (Coda::None, I_D),    // ㄷ
    (Coda::None, I_R),    // ㄹ
    (Coda::L, I_G),       // ㄺ
    (Coda::L, I_M),       // ㄻ
    (Coda::L, I_B),       // ㄼ
    (Coda::L, I_S),       // ㄽ
    (Coda::L, I_T),       // ㄾ
    (Coda::L, 17),        // ㄿ
    (Coda::None, I_R),    // ㅀ (ㅎ silent)
    (Coda::None, I_M),    // ㅁ
    (Coda::None, I_B),    // ㅂ
    (Coda::P, I_S),       // ㅄ
    (Coda::None, I_S),    // ㅅ
    (Coda::None, I_SS),   // ㅆ
    (Coda::Ng, I_NONE),   // ㅇ stays a coda
    (Coda::None, I_J),    // ㅈ
    (Coda::None, I_CH),   // ㅊ
    (Coda::None, I_K),    // ㅋ
    (Coda::None, I_T),    // ㅌ
    (Coda::None, 17),     // ㅍ
    (Coda::None, I_NONE), // ㅎ silent
];

/// For every final: the representative coda before a consonant or at the
/// end of a word.
pub(super) const NEUTRAL: [Coda; 28] = [
    Coda::None,
    Coda::K,
    Coda::K,
    Coda::K,
    Coda::N,
    Coda::N,
    Coda::N,
    Coda::T,
    Coda::L,
    Coda::K,
    Coda::M,
    Coda::L,
    Coda::L,
    Coda::L,
    Coda::P,
    Coda::L,
    Coda::M,
    Coda::P,
    Coda::P,
    Coda::T,
    Coda::T,
    Coda::Ng,
    Coda::T,
    Coda::T,
    Coda::K,
    Coda::T,
    Coda::P,
    Coda::T,
];

pub(super) const F_NH: u8 = 6;
pub(super) const F_LH: u8 = 15;
pub(super) const F_H: u8 = 27;

pub(super) const RR_ONSET: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
/// MR onsets in their voiceless form; `voiced` handles `g d b j`.
pub(super) const MR_ONSET: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'",
    "p'", "h",
];
pub(super) const MR_ONSET_PLAIN: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t",
    "p", "h",
];
pub(super) const DPRK_ONSET: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th",
    "ph", "h",
];

pub(super) const RR_VOWEL: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
pub(super) const MR_VOWEL: [&str; 21] = [
    "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we",
    "wi", "yu", "ŭ", "ŭi", "i",
];
pub(super) const MR_VOWEL_PLAIN: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "u", "ui", "i",
];

pub(super) fn coda_str(coda: Coda) -> &'static str {
    match coda {
        Coda::None => "",
        Coda::K => "k",
        Coda::N => "n",
        Coda::T => "t",
        Coda::L => "l",
        Coda::M => "m",
        Coda::P => "p",
        Coda::Ng => "ng",
    }
}
