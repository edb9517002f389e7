use super::*;

#[test]
fn prefix_keys_of_one_pass_are_the_keys_of_the_prefixes() {
    for text in [
        "hoe ryong city",
        "kim jong suk",
        "a rim nam",
        "pyongyang",
        "sak chu",
        "tch ch ng",
        "ryong am po",
        "kap ri lo",
        "ot cho nu",
    ] {
        let cuts: Vec<usize> = text
            .match_indices(' ')
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        let mut key = Vec::new();
        let mut prefixes = vec![(0, 0); cuts.len()];
        phonetic_key_cuts(text, &cuts, &mut key, &mut prefixes);
        assert_eq!(key, phonetic_key(text).into_bytes(), "{text}");
        for (&cut, &(len, last)) in cuts.iter().zip(&prefixes) {
            let mut prefix = key[..len.saturating_sub(1)].to_vec();
            if len > 0 {
                prefix.push(last);
            }
            assert_eq!(
                prefix,
                phonetic_key(&text[..cut]).into_bytes(),
                "{text}: {cut}"
            );
        }
    }
}

#[test]
fn loose_key_is_the_three_replacements_in_turn() {
    for key in [
        "", "u", "ui", "uii", "uui", "oii", "uoi", "uiG", "uuG", "ouiG", "uGuG", "sinuicu",
        "hoiGui", "uí", "ŭiu",
    ] {
        let want = key
            .replace("ui", "oe")
            .replace("oi", "oe")
            .replace("uG", "oG");
        assert_eq!(loose_key(key), want, "{key}");
    }
}

/// (Hangul, Revised Romanization, McCune–Reischauer) of real place names,
/// as published (Wikipedia, the DPRK and ROK place-name lists).
const PLACES: &[(&str, &str, &str)] = &[
    ("회령", "hoeryeong", "hoeryŏng"),
    ("혜산", "hyesan", "hyesan"),
    ("무산", "musan", "musan"),
    ("보천", "bocheon", "poch'ŏn"),
    ("삼수", "samsu", "samsu"),
    ("김정숙", "gimjeongsuk", "kimjŏngsuk"),
    ("신의주", "sinuiju", "sinŭiju"),
    ("의주", "uiju", "ŭiju"),
    ("용천", "yongcheon", "yongch'ŏn"),
    ("청진", "cheongjin", "ch'ŏngjin"),
    ("나선", "naseon", "nasŏn"),
    ("라선", "raseon", "rasŏn"),
    ("평양", "pyeongyang", "p'yŏngyang"),
    ("개성", "gaeseong", "kaesŏng"),
    ("함흥", "hamheung", "hamhŭng"),
    ("강계", "ganggye", "kanggye"),
    ("만포", "manpo", "manp'o"),
    ("중강", "junggang", "chunggang"),
    ("온성", "onseong", "onsŏng"),
    ("경원", "gyeongwon", "kyŏngwŏn"),
    ("경흥", "gyeongheung", "kyŏnghŭng"),
    ("부령", "buryeong", "puryŏng"),
    ("종성", "jongseong", "chongsŏng"),
    ("유선", "yuseon", "yusŏn"),
    ("남양", "namyang", "namyang"),
    ("두만강", "dumangang", "tuman'gang"),
    ("압록강", "amnokgang", "amnokkang"),
    ("신압록강", "sinamnokgang", "sinamnokkang"),
    ("백두산", "baekdusan", "paektusan"),
    ("양강도", "yanggangdo", "yanggangdo"),
    ("량강도", "ryanggangdo", "ryanggangdo"),
    ("함경북도", "hamgyeongbukdo", "hamgyŏngbukto"),
    ("평안북도", "pyeonganbukdo", "p'yŏnganbukto"),
    ("자강도", "jagangdo", "chagangdo"),
    ("포천", "pocheon", "p'och'ŏn"),
    ("연천", "yeoncheon", "yŏnch'ŏn"),
    ("파주", "paju", "p'aju"),
    ("철원", "cheorwon", "ch'ŏrwŏn"),
    ("김책", "gimchaek", "kimch'aek"),
    ("길주", "gilju", "kilchu"),
    ("단천", "dancheon", "tanch'ŏn"),
    ("해주", "haeju", "haeju"),
    ("원산", "wonsan", "wŏnsan"),
    ("남포", "nampo", "namp'o"),
    ("선봉", "seonbong", "sŏnbong"),
    ("대동강", "daedonggang", "taedonggang"),
    ("청천강", "cheongcheongang", "ch'ŏngch'ŏn'gang"),
    ("만경대", "mangyeongdae", "man'gyŏngdae"),
    ("평성", "pyeongseong", "p'yŏngsŏng"),
    ("녕변", "nyeongbyeon", "nyŏngbyŏn"),
    ("칠보산", "chilbosan", "ch'ilbosan"),
];

#[test]
fn place_names() {
    for &(hangul, rr, mr) in PLACES {
        assert_eq!(revised(hangul), rr, "RR of {hangul}");
        assert_eq!(mccune_reischauer(hangul), mr, "MR of {hangul}");
    }
}

#[test]
fn sound_changes() {
    // (rule, Hangul, RR, MR)
    let cases = [
        ("ㄴ+ㄹ is ll", "신라", "silla", "silla"),
        ("ㄹ+ㄴ is ll", "별내", "byeollae", "pyŏllae"),
        ("ㄹ after ㅇ is n", "종로", "jongno", "chongno"),
        ("ㄹ after ㅁ is n", "침략", "chimnyak", "ch'imnyak"),
        ("ㄱ+ㄹ nasalizes both", "독립", "dongnip", "tongnip"),
        ("ㄱ+ㅁ is ngm", "백마", "baengma", "paengma"),
        ("ㅂ+ㄴ is mn", "십년", "simnyeon", "simnyŏn"),
        ("ㅂ+ㄹ+ㄹ", "왕십리", "wangsimni", "wangsimni"),
        ("final ㄱ links", "백운", "baegun", "paegun"),
        ("final ㄹ links as r", "설악", "seorak", "sŏrak"),
        ("ㅇ+ㅇ keeps ng", "영양", "yeongyang", "yŏngyang"),
        ("ㄱ+ㅎ written kh", "묵호", "mukho", "mukho"),
        ("ㅎ final aspirates", "좋고", "joko", "chok'o"),
        ("ㅎ final silent before vowel", "좋아", "joa", "choa"),
        ("palatalization", "같이", "gachi", "kach'i"),
        ("ㄷ+이 palatalizes", "굳이", "guji", "kuji"),
        ("complex final links", "닭이", "dalgi", "talgi"),
        ("complex final before consonant", "닭도", "dakdo", "takto"),
        ("MR sh before wi", "쉬", "swi", "shwi"),
        ("MR ë", "가에", "gae", "kaë"),
        (
            "non-Hangul passes through",
            "함경 북도 (North)",
            "hamgyeong bukdo (North)",
            "hamgyŏng pukto (North)",
        ),
        ("empty", "", "", ""),
    ];
    for (rule, hangul, rr, mr) in cases {
        assert_eq!(revised(hangul), rr, "RR: {rule}");
        assert_eq!(mccune_reischauer(hangul), mr, "MR: {rule}");
    }
}

#[test]
fn dprk_official_spellings() {
    let cases = [
        ("평성", "phyŏngsŏng"),
        ("자강도", "jagangdo"),
        ("김책", "kimchaek"),
        ("청진", "chŏngjin"),
        ("만포", "manpho"),
        ("길주", "kilju"),
        ("보천", "pochŏn"),
        ("량강도", "ryanggangdo"),
        ("함흥", "hamhŭng"),
        ("김정숙", "kimjŏngsuk"),
    ];
    for (hangul, want) in cases {
        assert_eq!(dprk_official(hangul), want, "{hangul}");
    }
}

#[test]
fn variants() {
    let cases: [(&str, &[&str]); 9] = [
        ("량강", &["ryanggang", "yanggang"]),
        ("로동", &["rodong", "nodong"]),
        (
            "녕변",
            &["nyeongbyeon", "nyongbyon", "yeongbyeon", "yongbyon"],
        ),
        ("라선", &["raseon", "rason", "naseon", "nason"]),
        ("평양", &["pyeongyang", "pyongyang", "phyongyang"]),
        ("회령", &["hoeryeong", "hoeryong"]),
        ("자강도", &["jagangdo", "chagangdo"]),
        ("리원", &["riwon", "iwon"]),
        ("함경 북도", &["hamgyeong bukdo", "hamgyong pukto"]),
    ];
    for (hangul, want) in cases {
        assert_eq!(romanized_variants(hangul), want, "{hangul}");
    }
}

#[test]
fn variants_are_folded_and_share_a_key() {
    for &(hangul, _, _) in PLACES {
        let variants = romanized_variants(hangul);
        let key = phonetic_key(&variants[0]);
        for v in &variants {
            assert_eq!(&fold(v), v, "{hangul}: {v} is not folded");
            assert_eq!(phonetic_key(v), key, "{hangul}: {v}");
        }
    }
}

#[test]
fn key_joins_spellings_of_one_place() {
    let groups: &[&[&str]] = &[
        &["Hoeryŏng", "Hoeryong", "Hoeryeong", "HOERYONG", "Hoe-ryong"],
        &["Sangdong-ri", "Sangdongri", "Sangdong-ni", "Sangdong ri"],
        &["Sinŭiju", "Sinuiju", "Shinuiju", "Sineuiju", "Sin-uiju"],
        &["Ch'ŏngjin", "Chongjin", "Cheongjin"],
        &["Poch'ŏn", "Pochon", "Pocheon", "Bochon", "Bocheon"],
        &["Kim Jong Suk", "Kimjongsuk", "Gimjeongsuk", "Kimchongsuk"],
        &["Ryanggang", "Yanggang", "Ryang-gang", "Lyanggang"],
        &["Phyongsong", "P'yŏngsŏng", "Pyongsong", "Pyeongseong"],
        &["Jagang", "Chagang"],
        &["Rason", "Nason", "Raseon", "Rasŏn"],
        &["Kaesong", "Kaesŏng", "Gaeseong"],
        &["Tanchon", "Tanch'ŏn", "Dancheon"],
        &["Nyongbyon", "Yongbyon", "Yeongbyeon", "Nyŏngbyŏn"],
        &["Amnok", "Amrok"],
        &["Amnokkang", "Amnokgang", "Amrokgang", "Amrok-kang"],
        &["Pyongyang", "Phyongyang", "P'yŏngyang", "Pyeongyang"],
        &["Rodong Sinmun", "Nodong Sinmun"],
        &["Hamgyŏng-bukto", "Hamgyeongbuk-do", "Hamgyong Pukto"],
        &["Paektusan", "Baekdusan", "Paekdusan"],
        &["Kilchu", "Kilju", "Gilju"],
        &["Manp'o", "Manpo", "Manpho"],
        &["Tuman'gang", "Tumangang", "Dumangang"],
        &["Ch'ŏrwŏn", "Chorwon", "Cheorwon"],
        &["Silla", "Sinla", "Shilla"],
        &["Kanggye", "Ganggye", "Kang-gye"],
        &["Kyŏngwŏn", "Kyongwon", "Gyeongwon", "Kyongweon"],
    ];
    for group in groups {
        let key = phonetic_key(&fold(group[0]));
        for name in group.iter() {
            assert_eq!(phonetic_key(&fold(name)), key, "{name} vs {}", group[0]);
        }
    }
}

#[test]
fn key_keeps_distinct_places_apart() {
    let pairs = [
        ("Hyesan", "Musan"),
        ("Sinpa", "Sinuiju"),
        ("Sinpo", "Sinpa"),
        ("Onsong", "Kosong"),
        ("Onsong", "Unsong"),
        ("Pochon", "Pyongchon"),
        ("Chongjin", "Chongju"),
        ("Hoeryong", "Hoeyang"),
        ("Kanggye", "Kangso"),
        ("Musan", "Masan"),
        ("Kyongwon", "Kyonghung"),
        ("Kyongsong", "Kyongwon"),
        ("Hamhung", "Hamju"),
        ("Kimchaek", "Kimjongsuk"),
        ("Haeju", "Hyesan"),
        ("Nampo", "Namyang"),
        ("Samsu", "Samjiyon"),
        ("Rajin", "Sonbong"),
        ("Unsan", "Onsan"),
        ("Kaesong", "Kosong"),
    ];
    for (a, b) in pairs {
        assert_ne!(phonetic_key(&fold(a)), phonetic_key(&fold(b)), "{a} vs {b}");
    }
}

#[test]
fn key_details() {
    let cases = [
        ("spaces removed", "kim jong suk", "kimcoGsuk"),
        ("ng is one unit", "hangang", "haGaG"),
        ("nasalization", "amrokkang", "amnokaG"),
        ("initial r before y dropped", "ryongchon", "yoGcon"),
        ("initial r before a is n", "rajin", "nacin"),
        (
            "initial-sound law only at the start",
            "hoe ryong",
            "hoelyoG",
        ),
        ("non-ASCII passes through", "회령", "회령"),
        ("empty", "", ""),
    ];
    for (what, input, want) in cases {
        assert_eq!(phonetic_key(input), want, "{what}");
    }
}
