use super::*;

/// The date of a one-sentence text reported on `doc`.
fn date_of(doc: Option<&str>, text: &str) -> (Option<String>, Option<String>, &'static str) {
    let doc = doc.map(|d| d.parse().unwrap());
    let d = event_date(text, 0..text.len(), doc, Tense::Past);
    (
        d.start.map(|d| d.to_string()),
        d.end.map(|d| d.to_string()),
        d.precision.as_str(),
    )
}

#[track_caller]
fn check(doc: &str, text: &str, start: &str, end: &str, precision: &str) {
    let got = date_of(Some(doc), text);
    assert_eq!(
        got,
        (Some(start.into()), Some(end.into()), precision),
        "{text} (reported {doc})"
    );
}

#[test]
fn english_absolute_dates() {
    check(
        "2024-03-07",
        "It happened on 2023-11-02.",
        "2023-11-02",
        "2023-11-02",
        "day",
    );
    check(
        "2024-03-07",
        "He was held on March 3, 2022.",
        "2022-03-03",
        "2022-03-03",
        "day",
    );
    check(
        "2024-03-07",
        "He was held on 3 March.",
        "2024-03-03",
        "2024-03-03",
        "day",
    );
    check(
        "2024-03-07",
        "He was held on Jan. 30.",
        "2024-01-30",
        "2024-01-30",
        "day",
    );
    check(
        "2024-03-07",
        "It was in March 2021.",
        "2021-03-01",
        "2021-03-31",
        "month",
    );
    check(
        "2024-03-07",
        "It was in late February.",
        "2024-02-21",
        "2024-02-29",
        "week",
    );
    check(
        "2024-03-07",
        "It was in mid-January.",
        "2024-01-11",
        "2024-01-20",
        "week",
    );
    check(
        "2024-03-07",
        "On the night of February 18.",
        "2024-02-18",
        "2024-02-18",
        "day",
    );
    check(
        "2024-03-07",
        "Arrests followed in 2019.",
        "2019-01-01",
        "2019-12-31",
        "year",
    );
    check(
        "2024-03-07",
        "Arrests ran from 2017 to 2019.",
        "2017-01-01",
        "2019-12-31",
        "year",
    );
    check(
        "2024-03-07",
        "Arrests ran 2017–2019.",
        "2017-01-01",
        "2019-12-31",
        "year",
    );
}

#[test]
fn english_year_rollover() {
    // A December report of "January" is about the January past...
    check(
        "2023-12-20",
        "It was in January.",
        "2023-01-01",
        "2023-01-31",
        "month",
    );
    // ... and a January report of "December 28" about the last December.
    check(
        "2024-01-04",
        "It was on December 28.",
        "2023-12-28",
        "2023-12-28",
        "day",
    );
    check(
        "2024-01-04",
        "It was last month.",
        "2023-12-01",
        "2023-12-31",
        "month",
    );
    check(
        "2024-01-04",
        "It was last year.",
        "2023-01-01",
        "2023-12-31",
        "year",
    );
}

#[test]
fn planned_events_look_forward() {
    let doc = Some("2023-12-20".parse().unwrap());
    let text = "A fence will be finished in January.";
    let d = event_date(text, 0..text.len(), doc, Tense::Future);
    assert_eq!(d.start.unwrap().to_string(), "2024-01-01");
}

#[test]
fn english_relative_dates() {
    // 2024-03-07 is a Thursday.
    check(
        "2024-03-07",
        "He died on Tuesday.",
        "2024-03-05",
        "2024-03-05",
        "day",
    );
    check(
        "2024-03-07",
        "He died on Thursday.",
        "2024-03-07",
        "2024-03-07",
        "day",
    );
    check(
        "2024-03-07",
        "He died last Thursday.",
        "2024-02-29",
        "2024-02-29",
        "day",
    );
    check(
        "2024-03-07",
        "He died on Friday.",
        "2024-03-01",
        "2024-03-01",
        "day",
    );
    check(
        "2024-03-07",
        "He died yesterday.",
        "2024-03-06",
        "2024-03-06",
        "day",
    );
    check(
        "2024-03-01",
        "He died yesterday.",
        "2024-02-29",
        "2024-02-29",
        "day",
    );
    check(
        "2024-03-07",
        "He died last week.",
        "2024-02-26",
        "2024-03-03",
        "week",
    );
    check(
        "2024-03-07",
        "He died earlier this month.",
        "2024-03-01",
        "2024-03-31",
        "month",
    );
    check(
        "2024-03-07",
        "He died two weeks ago.",
        "2024-02-19",
        "2024-02-25",
        "week",
    );
    check(
        "2024-03-07",
        "He died 3 days ago.",
        "2024-03-04",
        "2024-03-04",
        "day",
    );
    check(
        "2024-03-07",
        "He died last winter.",
        "2023-12-01",
        "2024-02-29",
        "season",
    );
    check(
        "2024-01-15",
        "He died last winter.",
        "2022-12-01",
        "2023-02-28",
        "season",
    );
    check(
        "2024-07-07",
        "He died last winter.",
        "2023-12-01",
        "2024-02-29",
        "season",
    );
    check(
        "2024-07-07",
        "He died in the spring.",
        "2024-03-01",
        "2024-05-31",
        "season",
    );
    check(
        "2024-03-07",
        "He died in the summer of 2021.",
        "2021-06-01",
        "2021-08-31",
        "season",
    );
    // The parenthesized date wins over the weekday.
    check(
        "2024-03-07",
        "He died on Tuesday (March 5).",
        "2024-03-05",
        "2024-03-05",
        "day",
    );
}

#[test]
fn korean_dates() {
    check(
        "2024-03-07",
        "지난 5일 체포됐다.",
        "2024-03-05",
        "2024-03-05",
        "day",
    );
    check(
        "2024-03-07",
        "지난 28일 체포됐다.",
        "2024-02-28",
        "2024-02-28",
        "day",
    );
    check(
        "2024-03-07",
        "지난달 28일 체포됐다.",
        "2024-02-28",
        "2024-02-28",
        "day",
    );
    check(
        "2024-03-07",
        "이달 초 체포됐다.",
        "2024-03-01",
        "2024-03-10",
        "week",
    );
    check(
        "2024-03-07",
        "지난달 하순 체포됐다.",
        "2024-02-21",
        "2024-02-29",
        "week",
    );
    check(
        "2024-03-07",
        "올해 1월 체포됐다.",
        "2024-01-01",
        "2024-01-31",
        "month",
    );
    check(
        "2024-03-07",
        "작년 10월 중순 체포됐다.",
        "2023-10-11",
        "2023-10-20",
        "week",
    );
    check(
        "2024-03-07",
        "2022년 7월 체포됐다.",
        "2022-07-01",
        "2022-07-31",
        "month",
    );
    check(
        "2024-03-07",
        "2022년 7월 4일 체포됐다.",
        "2022-07-04",
        "2022-07-04",
        "day",
    );
    check(
        "2024-03-07",
        "작년에 체포됐다.",
        "2023-01-01",
        "2023-12-31",
        "year",
    );
    check(
        "2024-03-07",
        "지난달 체포됐다.",
        "2024-02-01",
        "2024-02-29",
        "month",
    );
    check(
        "2024-03-07",
        "2017~2019년 체포됐다.",
        "2017-01-01",
        "2019-12-31",
        "year",
    );
    check(
        "2024-03-07",
        "지난해 겨울 체포됐다.",
        "2023-12-01",
        "2024-02-29",
        "season",
    );
    check(
        "2024-03-07",
        "지난 화요일 체포됐다.",
        "2024-03-05",
        "2024-03-05",
        "day",
    );
    check(
        "2024-03-07",
        "지난주 금요일 체포됐다.",
        "2024-03-01",
        "2024-03-01",
        "day",
    );
    check(
        "2024-03-07",
        "어제 체포됐다.",
        "2024-03-06",
        "2024-03-06",
        "day",
    );
    check(
        "2024-01-03",
        "12월 30일 체포됐다.",
        "2023-12-30",
        "2023-12-30",
        "day",
    );
}

#[test]
fn lengths_of_time_are_no_dates() {
    let text = "그는 15일간 구금됐다.";
    assert!(find(text).is_empty(), "{:?}", find(text));
    let text = "그는 3일 동안 구금됐다.";
    assert!(find(text).is_empty(), "{:?}", find(text));
    let text = "The hot spring may close.";
    assert!(find(text).is_empty(), "{:?}", find(text));
}

#[test]
fn reporting_dates_are_skipped() {
    check(
        "2024-03-07",
        "A source told Daily NK on Wednesday that a man died last week.",
        "2024-02-26",
        "2024-03-03",
        "week",
    );
    check(
        "2024-03-07",
        "소식통은 6일 데일리NK에 지난 2일 주민이 체포됐다고 전했다.",
        "2024-03-02",
        "2024-03-02",
        "day",
    );
    check(
        "2024-03-07",
        "Officials said the man died on Monday.",
        "2024-03-04",
        "2024-03-04",
        "day",
    );
    check(
        "2024-03-07",
        "He told a reporter on Wednesday that a man died on February 28.",
        "2024-02-28",
        "2024-02-28",
        "day",
    );
    // Only the reporting date: the document's.
    check(
        "2024-03-07",
        "A source said on Wednesday that a man died.",
        "2024-03-07",
        "2024-03-07",
        "document",
    );
}

#[test]
fn no_document_date_no_guess() {
    assert_eq!(date_of(None, "He died last week."), (None, None, "unknown"));
    assert_eq!(date_of(None, "He died."), (None, None, "unknown"));
    let absolute = date_of(None, "He died on March 3, 2022.");
    assert_eq!(absolute.2, "day");
}

#[test]
fn the_paragraph_dates_a_sentence_without_a_date() {
    let text = "On Monday, guards caught two men.\nThey were beaten. One died.\n\nLast month a woman fled.";
    let doc = Some("2024-03-07".parse().unwrap());
    let died = text.find("One died.").unwrap();
    let d = event_date(text, died..died + 9, doc, Tense::Past);
    assert_eq!(d.start.unwrap().to_string(), "2024-03-04");
    assert_eq!(d.text, Some("Monday"));
    // Not a later paragraph's date.
    let caught = text.find("guards").unwrap();
    let d = event_date(text, 0..caught + 20, doc, Tense::Past);
    assert_eq!(d.precision, Precision::Day);
}

#[test]
fn phrases_keep_their_text() {
    let text = "In early November 2023, 지난 20일 and on Tuesday.";
    let texts: Vec<&str> = find(text).iter().map(|p| &text[p.range.clone()]).collect();
    assert_eq!(texts, ["early November 2023", "지난 20일", "Tuesday"]);
}

#[test]
fn dates_of_one_document_match_a_fresh_search_for_every_sentence() {
    // Several events per sentence and per paragraph, in and out of order,
    // and more sentences than the cache remembers.
    let mut text = String::from("Officials met in early May 2023.\n");
    for i in 0..12 {
        text.push_str(&format!(
            "Guards detained {i} traders on June {}. Nothing more was said. A source told reporters on Monday that a fire broke out.\n",
            i + 1
        ));
    }
    let sentences: Vec<std::ops::Range<usize>> = text
        .match_indices(['.', '\n'])
        .scan(0, |start, (at, _)| {
            let range = *start..at + 1;
            *start = at + 1;
            Some(range)
        })
        .filter(|r| r.len() > 1)
        .collect();
    let doc = Some("2023-07-01".parse().unwrap());
    let mut dates = Dates::new(&text);
    let order = sentences
        .iter()
        .chain(sentences.iter().rev())
        .chain(sentences.iter());
    for sentence in order {
        for tense in [Tense::Past, Tense::Future, Tense::Past] {
            assert_eq!(
                dates.event_date(sentence.clone(), doc, tense),
                event_date(&text, sentence.clone(), doc, tense),
                "{:?}",
                &text[sentence.clone()]
            );
        }
    }
}

#[test]
fn ranges_without_a_match_are_skipped_exactly() {
    // Ranges that end inside words, at sentence ends, before and after
    // phrases: what a document's shared search gives is what a search of
    // the range alone gives.
    let texts = [
        "Police arrested him on March 3. Two weeks ago, soldiers fired.\nLast week 2019-06-24 was\nquiet in Musan.",
        "Nothing here dates anything at all. Still nothing; and then yesterday it rained.",
        "지난 20일 국경에서 체포됐다. 어제는 조용했다.\nIn early March 2020, late this year.",
        "March2020 Marching 12019-01-01x The 3rd of May, 2021.",
        "They fled in the spring; two weeks ago THE PAST MONTH, this morning, Sept. 4 and Tuesday, May 5.",
        "A market in May may open. Earlier this year and late last week, the day before yesterday.",
        "지난해 겨울 이달 초 3일 전 2017~2019년 지난주 화요일 오늘 15일간.",
    ];
    for text in texts {
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for step in [1, 3, 7] {
            let mut dates = Dates::new(text);
            for (k, &a) in bounds.iter().enumerate() {
                for &b in bounds[k..].iter().step_by(step).take(40) {
                    assert_eq!(
                        dates.phrases(a..b).to_vec(),
                        find::find_in(text, a..b),
                        "{text:?} {a}..{b}"
                    );
                }
            }
        }
    }
}
