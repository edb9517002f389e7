use super::*;
use Category::*;

/// A place mention of `surface` (its `nth` occurrence, from 0) in `text`.
fn place(text: &str, surface: &str, nth: usize, level: PlaceLevel, resolved: bool) -> PlaceRef {
    let start = text.match_indices(surface).nth(nth).expect(surface).0;
    PlaceRef {
        start,
        end: start + surface.len(),
        resolved,
        level,
        key: surface.to_lowercase(),
        region: String::new(),
    }
}

fn categories(text: &str) -> Vec<Category> {
    classify(text, &[])
        .into_iter()
        .map(|e| e.category)
        .collect()
}

#[test]
fn finds_cues_and_inflections() {
    let cases: &[(&str, &str, &[Category])] = &[
        (
            "killed",
            "Two soldiers were killed near the river.",
            &[Death],
        ),
        ("detained", "Police detained a man yesterday.", &[Arrest]),
        ("executed", "He was executed last week.", &[Execution]),
        ("smugglers", "Smugglers crossed at night.", &[Smuggling]),
        ("defected", "She defected in March.", &[Defection]),
        (
            "cracked down",
            "Authorities cracked down on traders.",
            &[Crackdown],
        ),
        (
            "clamp down",
            "Police clamp down on phones every spring.",
            &[Crackdown],
        ),
        ("inspected", "Officials inspected the units.", &[Inspection]),
        ("flooding", "Flooding destroyed homes.", &[Flood]),
        (
            "electric fence beats fence",
            "They built an electric fence.",
            &[ElectrifiedFence],
        ),
        (
            "high-voltage wire",
            "A high-voltage wire runs along the bank.",
            &[ElectrifiedFence],
        ),
        ("walls", "Workers raised concrete walls.", &[Wall]),
        ("cctv", "CCTV was installed.", &[SurveillanceCamera]),
        ("sentry post", "A new sentry post went up.", &[GuardPost]),
        ("barbed wire", "Barbed wire covers the bank.", &[BarbedWire]),
        ("sensors", "Motion sensors were added.", &[Sensor]),
        ("checkpoint", "A checkpoint stops every car.", &[Checkpoint]),
        ("bridge", "The new bridge opened.", &[Bridge]),
        (
            "border barriers",
            "The border barriers are finished.",
            &[OtherInfrastructure],
        ),
        (
            "several in one sentence",
            "Guards with cameras arrested smugglers.",
            &[Arrest, Smuggling, SurveillanceCamera],
        ),
        ("killing time", "Guards were killing time.", &[]),
        ("wall of silence", "They met a wall of silence.", &[]),
        ("bridge the gap", "Talks could bridge the gap.", &[]),
        (
            "defector is a person",
            "A defector spoke to reporters.",
            &[],
        ),
        (
            "defector-activists",
            "Defector-activists spoke in Seoul.",
            &[],
        ),
        (
            "fences after electrified fences",
            "Electrified fences went up. The fences hum.",
            &[ElectrifiedFence],
        ),
        (
            "tag list",
            "border, china, defectors, defections, smuggling",
            &[],
        ),
        ("korean stem", "주민이 사망했다.", &[Death]),
        ("korean passive", "밀수꾼이 체포됐다.", &[Arrest, Smuggling]),
        (
            "korean longest",
            "국경에 전기철조망을 설치했다.",
            &[ElectrifiedFence, BarbedWire],
        ),
        (
            "korean inside eojeol",
            "감시초소들을 복구했다.",
            &[GuardPost],
        ),
        ("korean bridge", "새 대교가 개통됐다.", &[Bridge]),
        ("korean person noun", "탈북자가 증언했다.", &[]),
        ("korean flood", "홍수로 마을이 잠겼다.", &[Flood]),
        (
            "house searches",
            "Agents carried out house searches.",
            &[Inspection],
        ),
        ("raided", "Police raided the market.", &[Inspection]),
        (
            "searching for is no search",
            "Traders keep searching for buyers.",
            &[],
        ),
        (
            "crossed into china",
            "Most crossed from the county into China.",
            &[Defection],
        ),
        (
            "crossed the river into china",
            "She crossed the frozen river into China.",
            &[Defection],
        ),
        ("fled to", "Two families fled to China.", &[Defection]),
        (
            "escaped from north korea",
            "He escaped from North Korea in 2010.",
            &[Defection],
        ),
        (
            "crossing into north korea unlawfully is a crossing too",
            "An activist crossed into North Korea.",
            &[Defection],
        ),
        (
            "defectors who live there",
            "Defectors living in Seoul met reporters.",
            &[],
        ),
        (
            "flood kills: death",
            "Floods swept the valley, killing 12 people.",
            &[Death, Flood],
        ),
        (
            "accident kills: death",
            "A mine accident killed three workers.",
            &[Death, Accident],
        ),
        (
            "killing without disaster stays a killing",
            "Guards shot and killed a smuggler.",
            &[Killing, Smuggling],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(categories(text), *want, "{name}");
    }
}

#[test]
fn drops_denied_and_aimed_at_events() {
    let cases: &[(&str, &str, &[Category])] = &[
        ("no one", "No one was arrested.", &[]),
        ("denied", "Officials denied that soldiers were killed.", &[]),
        ("did not", "The guards did not build a fence.", &[]),
        (
            "negation stays in its clause",
            "No warning came, and two men were arrested.",
            &[Arrest],
        ),
        (
            "purpose",
            "Fences were built to prevent defections.",
            &[Fence],
        ),
        (
            "purpose list",
            "Walls went up to stop defections, theft and smuggling.",
            &[Wall],
        ),
        (
            "a month is no modal verb",
            "A trader who crossed in May was arrested.",
            &[Arrest],
        ),
        ("the modal verb", "Traders may be arrested.", &[]),
        ("korean no deaths", "사망자는 없었다.", &[]),
        ("korean not arrested", "그는 체포되지 않았다.", &[]),
        (
            "korean purpose",
            "탈북을 막기 위해 철조망을 설치했다.",
            &[BarbedWire],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(categories(text), *want, "{name}");
    }
}

#[test]
fn marks_plans() {
    let cases: &[(&str, &str, Status)] = &[
        ("will", "The army will install cameras.", Status::Planned),
        (
            "plans to",
            "China plans to build a bridge.",
            Status::Planned,
        ),
        ("is set to", "A checkpoint is set to open.", Status::Planned),
        ("korean", "새 초소를 건설할 예정이다.", Status::Planned),
        ("done", "A bridge was built.", Status::Reported),
        ("korean done", "초소를 건설했다.", Status::Reported),
    ];
    for (name, text, want) in cases {
        let events = classify(text, &[]);
        assert_eq!(events.len(), 1, "{name}");
        assert_eq!(events[0].status, *want, "{name}");
    }
}

#[test]
fn counts_fatalities() {
    let cases: &[(&str, &str, Option<u32>)] = &[
        ("number word", "Two soldiers died.", Some(2)),
        ("article", "A soldier died on duty.", Some(1)),
        (
            "adjectives between",
            "Three young North Korean guards were killed.",
            Some(3),
        ),
        (
            "numeral after cue",
            "The gunmen went on board, killing 46 sailors.",
            Some(46),
        ),
        ("unknown", "The soldiers died.", None),
        (
            "plural after article is no count",
            "A group of soldiers died.",
            None,
        ),
        ("korean numeral", "주민 1명이 사망했다.", Some(1)),
        ("korean number word", "군인 두 명이 숨졌다.", Some(2)),
        ("korean vague", "수십명이 사망했다.", None),
    ];
    for (name, text, want) in cases {
        let events = classify(text, &[]);
        assert_eq!(events.len(), 1, "{name}: {events:?}");
        assert_eq!(events[0].fatalities, *want, "{name}");
    }
}

#[test]
fn names_actors() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "longest actor",
            "Border guards arrested a smuggler.",
            &["Border guards", "smuggler"],
        ),
        (
            "organisation",
            "The Ministry of State Security detained him.",
            &["Ministry of State Security"],
        ),
        ("korean", "보위부가 주민을 체포했다.", &["보위부", "주민"]),
        ("none", "A bridge opened.", &[]),
    ];
    for (name, text, want) in cases {
        let events = classify(text, &[]);
        let got: Vec<&str> = events[0].actors.iter().map(String::as_str).collect();
        assert_eq!(got, *want, "{name}");
    }
}

/// One linking case: text, places as (surface, nth, level, resolved),
/// and the expected (category, place surface, link) of every event.
type LinkCase = (
    &'static str,
    &'static str,
    &'static [(&'static str, usize, PlaceLevel, bool)],
    &'static [(Category, Option<&'static str>, PlaceLink)],
);

#[test]
fn links_events_to_places() {
    use PlaceLevel::*;
    let cases: &[LinkCase] = &[
        (
            "several towns, explicit parents dropped",
            "Troops built border barriers in Hoeryong, North Hamgyong Province and Pochon, Yanggang Province.",
            &[
                ("Hoeryong", 0, City, true),
                ("North Hamgyong Province", 0, Province, true),
                ("Pochon", 0, County, true),
                ("Yanggang Province", 0, Province, true),
            ],
            &[
                (OtherInfrastructure, Some("Hoeryong"), PlaceLink::Sentence),
                (OtherInfrastructure, Some("Pochon"), PlaceLink::Sentence),
            ],
        ),
        (
            "nearest place, not an incidental one",
            "A new checkpoint opened in Manpo, a town Kim once visited with envoys from Beijing.",
            &[("Manpo", 0, City, true), ("Beijing", 0, City, true)],
            &[(Checkpoint, Some("Manpo"), PlaceLink::Sentence)],
        ),
        (
            "the sequel of a movement happens at its end",
            "Last spring she moved to Bergen, where police arrested her.",
            &[("Bergen", 0, City, true)],
            &[(Arrest, Some("Bergen"), PlaceLink::Sentence)],
        ),
        (
            "an act told before the movement is not at its end",
            "Police arrested her before she moved to Bergen.",
            &[("Bergen", 0, City, true)],
            // Only the document's main place remains, as a fallback.
            &[(Arrest, Some("Bergen"), PlaceLink::Document)],
        ),
        (
            "an opening locative phrase sets the scene for the sentence",
            "In Bergen, after many weeks of slow and quiet work by officers sent from the capital, police detained a dozen traders.",
            &[("Bergen", 0, City, true)],
            &[(Arrest, Some("Bergen"), PlaceLink::Sentence)],
        ),
        (
            "an opening phrase with its province",
            "Last week in Bergen, Vestland Province, after many weeks of slow and quiet work by officers sent from the capital, police detained a dozen traders.",
            &[
                ("Bergen", 0, City, true),
                ("Vestland Province", 0, Province, true),
            ],
            &[(Arrest, Some("Bergen"), PlaceLink::Sentence)],
        ),
        (
            "the river refers back to the river named before",
            "The Bergen River is wide here.\n\nLast month a family of four escaped across the river.",
            &[("Bergen River", 0, Point, true)],
            &[(Defection, Some("Bergen River"), PlaceLink::Reference)],
        ),
        (
            "the places that name a structure beat a place of action farther on",
            "Lorries used the Bergen–Oslo bridge, and traders waited at the Hamar bridge.",
            &[
                ("Bergen", 0, City, true),
                ("Oslo", 0, City, true),
                ("Hamar", 0, City, true),
            ],
            &[
                (Bridge, Some("Bergen"), PlaceLink::Sentence),
                (Bridge, Some("Oslo"), PlaceLink::Sentence),
                (Bridge, Some("Hamar"), PlaceLink::Sentence),
            ],
        ),
        (
            "a reference right at the cue beats a place farther on",
            "The Bergen River is wide here.\n\nA man who swam across the river in May was arrested by police in Oslo.",
            &[("Bergen River", 0, Point, true), ("Oslo", 0, City, true)],
            &[
                (Arrest, Some("Oslo"), PlaceLink::Sentence),
                (Defection, Some("Bergen River"), PlaceLink::Reference),
            ],
        ),
        (
            "preceding sentence of the paragraph",
            "Guards caught a trader in Hyesan. He was executed a week later.",
            &[("Hyesan", 0, City, true)],
            &[
                (Arrest, Some("Hyesan"), PlaceLink::Sentence),
                (Execution, Some("Hyesan"), PlaceLink::Paragraph),
            ],
        ),
        (
            "unresolved town gives way to its parent",
            "A man from Hwajon, Pochon County was arrested.",
            &[
                ("Hwajon", 0, City, false),
                ("Pochon County", 0, County, true),
            ],
            &[(Arrest, Some("Pochon County"), PlaceLink::Sentence)],
        ),
        (
            "far place falls back to the paragraph",
            "He lived in Yanji. He was arrested while carrying a bag of letters that relatives had sent him over many months from the villages of the Tumen River.",
            &[("Yanji", 0, City, true), ("Tumen River", 0, Point, true)],
            &[(Arrest, Some("Yanji"), PlaceLink::Paragraph)],
        ),
        (
            "source location is not the event place",
            "A source in Ryanggang Province said guards in Hyesan were arrested.",
            &[
                ("Ryanggang Province", 0, Province, true),
                ("Hyesan", 0, City, true),
            ],
            &[(Arrest, Some("Hyesan"), PlaceLink::Sentence)],
        ),
        (
            "source location when nothing else",
            "A source in Ryanggang Province said smuggling continues.",
            &[("Ryanggang Province", 0, Province, true)],
            &[(Smuggling, Some("Ryanggang Province"), PlaceLink::Document)],
        ),
        (
            "document main place",
            "Musan is quiet.\n\nMusan markets reopened.\n\nA flood destroyed homes.",
            &[("Musan", 0, City, true), ("Musan", 1, City, true)],
            &[(Flood, Some("Musan"), PlaceLink::Document)],
        ),
        (
            "a dateline is no event place, nor the document's main place",
            "SEOUL - A bridge opened.",
            &[("SEOUL", 0, City, true)],
            &[(Bridge, None, PlaceLink::None)],
        ),
        (
            "repeat joins the placed event",
            "Two soldiers died in Hoeryong.\n\nTheir deaths were hidden.",
            &[("Hoeryong", 0, City, true)],
            &[(Death, Some("Hoeryong"), PlaceLink::Sentence)],
        ),
        (
            "each place a category is stated at is one record",
            "Smuggling rose in Ryanggang Province.\n\nSmuggling in Hyesan fell.",
            &[
                ("Ryanggang Province", 0, Province, true),
                ("Hyesan", 0, City, true),
            ],
            &[
                (Smuggling, Some("Ryanggang Province"), PlaceLink::Sentence),
                (Smuggling, Some("Hyesan"), PlaceLink::Sentence),
            ],
        ),
        (
            "country only when nothing else",
            "Smuggling across the China border rose.",
            &[("China", 0, Country, true)],
            &[(Smuggling, Some("China"), PlaceLink::Sentence)],
        ),
        (
            "town beats a river of its sentence",
            "A guard drowned in the Tumen River near Onsong.",
            &[("Tumen River", 0, Point, true), ("Onsong", 0, City, true)],
            &[(Death, Some("Onsong"), PlaceLink::Sentence)],
        ),
        (
            "county beats a river after it",
            "In Musan County, guards laid barbed wire along the Tumen River.",
            &[
                ("Musan County", 0, County, true),
                ("Tumen River", 0, Point, true),
            ],
            &[(BarbedWire, Some("Musan County"), PlaceLink::Sentence)],
        ),
        (
            "river when it is the only place",
            "Barbed wire lines the Yalu River.",
            &[("Yalu River", 0, Point, true)],
            &[(BarbedWire, Some("Yalu River"), PlaceLink::Sentence)],
        ),
        (
            "place the action is in beats a nearer landmark",
            "Police in Tumen, across the river from Namyang, arrested a trader.",
            &[("Tumen", 0, City, true), ("Namyang", 0, City, true)],
            &[(Arrest, Some("Tumen"), PlaceLink::Sentence)],
        ),
        (
            "nearest place without a preposition",
            "Musan and Hoeryong lie far apart; a trader was arrested near Hoeryong.",
            &[
                ("Musan", 0, City, true),
                ("Hoeryong", 0, City, true),
                ("Hoeryong", 1, City, true),
            ],
            &[(Arrest, Some("Hoeryong"), PlaceLink::Sentence)],
        ),
        (
            "an enumeration right after an event sentence places it",
            "Floods swept the north last week. The affected towns include Musan and Onsong.",
            &[("Musan", 0, City, true), ("Onsong", 0, City, true)],
            &[
                (Flood, Some("Musan"), PlaceLink::Paragraph),
                (Flood, Some("Onsong"), PlaceLink::Paragraph),
            ],
        ),
        (
            "a list without a marker places nothing",
            "Floods swept the north last week. Musan and Onsong are quiet now.",
            &[("Musan", 0, City, true), ("Onsong", 0, City, true)],
            &[(Flood, Some("Musan"), PlaceLink::Document)],
        ),
        (
            "between two places: both ends",
            "Watchtowers stand every kilometre between Manpo and Chasong.",
            &[("Manpo", 0, City, true), ("Chasong", 0, City, true)],
            &[
                (GuardPost, Some("Manpo"), PlaceLink::Sentence),
                (GuardPost, Some("Chasong"), PlaceLink::Sentence),
            ],
        ),
        (
            "korean between",
            "혜산과 보천 사이에 초소가 생겼다.",
            &[("혜산", 0, City, true), ("보천", 0, City, true)],
            &[
                (GuardPost, Some("혜산"), PlaceLink::Sentence),
                (GuardPost, Some("보천"), PlaceLink::Sentence),
            ],
        ),
        (
            "a back-reference to a pair of towns places the event at both",
            "Markets reopened in Musan and Onsong on Monday.\n\nOfficials blamed arrests in the two towns for the delay.",
            &[("Musan", 0, City, true), ("Onsong", 0, City, true)],
            &[
                (Arrest, Some("Musan"), PlaceLink::Reference),
                (Arrest, Some("Onsong"), PlaceLink::Reference),
            ],
        ),
        (
            "a counted back-reference skips a group of another size",
            "Kimchaek and Musan and Onsong are quiet. Trade resumed in Hyesan.\n\nIn all three towns smugglers were caught.",
            &[
                ("Kimchaek", 0, City, true),
                ("Musan", 0, City, true),
                ("Onsong", 0, City, true),
                ("Hyesan", 0, City, true),
            ],
            &[
                (Arrest, Some("Kimchaek"), PlaceLink::Reference),
                (Arrest, Some("Musan"), PlaceLink::Reference),
                (Arrest, Some("Onsong"), PlaceLink::Reference),
                (Smuggling, Some("Kimchaek"), PlaceLink::Reference),
                (Smuggling, Some("Musan"), PlaceLink::Reference),
                (Smuggling, Some("Onsong"), PlaceLink::Reference),
            ],
        ),
        (
            "the county is the county named last, not a town",
            "Traders met in Sakju County. Later they moved to a market in Sinuiju.\n\nA checkpoint was set up in the county.",
            &[
                ("Sakju County", 0, County, true),
                ("Sinuiju", 0, City, true),
            ],
            &[(Checkpoint, Some("Sakju County"), PlaceLink::Reference)],
        ),
        (
            "a source in the province is no back-reference",
            "Traders met in Manpo, Chagang Province.\n\nA watchtower went up, a source in the province said.",
            &[
                ("Manpo", 0, City, true),
                ("Chagang Province", 0, Province, true),
            ],
            &[(GuardPost, Some("Manpo"), PlaceLink::Document)],
        ),
        (
            "coordinated countries",
            "Security has tightened over the years along the border between North Korea and China.",
            &[
                ("North Korea", 0, Country, true),
                ("China", 0, Country, true),
            ],
            &[
                (Crackdown, Some("North Korea"), PlaceLink::Sentence),
                (Crackdown, Some("China"), PlaceLink::Sentence),
            ],
        ),
        (
            "a border named by its two countries is one locus",
            "Traders smuggle goods across the China-North Korea border.",
            &[
                ("China", 0, Country, true),
                ("North Korea", 0, Country, true),
            ],
            &[(Smuggling, Some("China"), PlaceLink::Sentence)],
        ),
        (
            "a structure along a stretch stands at both ends",
            "A new fence runs from Hyesan to Musan.",
            &[("Hyesan", 0, City, true), ("Musan", 0, City, true)],
            &[
                (Fence, Some("Hyesan"), PlaceLink::Sentence),
                (Fence, Some("Musan"), PlaceLink::Sentence),
            ],
        ),
        (
            "a flight from one place to another is no stretch",
            "Two soldiers fled from Hyesan to Musan.",
            &[("Hyesan", 0, City, true), ("Musan", 0, City, true)],
            &[(Defection, Some("Hyesan"), PlaceLink::Document)],
        ),
        (
            "korean stretch",
            "혜산에서 무산에 이르는 구간에 철조망이 설치됐다.",
            &[("혜산", 0, City, true), ("무산", 0, City, true)],
            &[
                (BarbedWire, Some("혜산"), PlaceLink::Sentence),
                (BarbedWire, Some("무산"), PlaceLink::Sentence),
            ],
        ),
        (
            "a structure on the way to a place is at it",
            "주민들이 회령으로 넘어가는 교량을 새로 놓았다.",
            &[("회령", 0, City, true)],
            &[(Bridge, Some("회령"), PlaceLink::Sentence)],
        ),
        (
            "a bridge stands at both ends",
            "삼합진에서 회령으로 넘어가는 교량이 새로 놓였다.",
            &[("삼합진", 0, City, true), ("회령", 0, City, true)],
            &[
                (Bridge, Some("삼합진"), PlaceLink::Sentence),
                (Bridge, Some("회령"), PlaceLink::Sentence),
            ],
        ),
        (
            "a collapse right after a flood is its damage where it struck",
            "Heavy rain flooded Sinuiju on Monday. In Dandong hundreds of houses collapsed.",
            &[("Sinuiju", 0, City, true), ("Dandong", 0, City, true)],
            &[
                (Flood, Some("Sinuiju"), PlaceLink::Sentence),
                (Flood, Some("Dandong"), PlaceLink::Sentence),
            ],
        ),
        (
            "the officials a report is attributed to are not its place",
            "The man fled across the river at night, according to Seoul officials.",
            &[("Seoul", 0, City, true)],
            &[(Defection, None, PlaceLink::None)],
        ),
        (
            "a list after the cue gives its places however far",
            "Police detained 41 people in July and August in several districts far from the border, including Musan and Hoeryong.",
            &[("Musan", 0, City, true), ("Hoeryong", 0, City, true)],
            &[
                (Arrest, Some("Musan"), PlaceLink::Sentence),
                (Arrest, Some("Hoeryong"), PlaceLink::Sentence),
            ],
        ),
        (
            "korean back-reference",
            "무산과 회령에 봉쇄령이 내려졌다.\n\n두 지역에서 밀수꾼들이 체포됐다.",
            &[("무산", 0, City, true), ("회령", 0, City, true)],
            &[
                (Crackdown, Some("무산"), PlaceLink::Sentence),
                (Crackdown, Some("회령"), PlaceLink::Sentence),
                (Arrest, Some("무산"), PlaceLink::Reference),
                (Arrest, Some("회령"), PlaceLink::Reference),
                (Smuggling, Some("무산"), PlaceLink::Reference),
                (Smuggling, Some("회령"), PlaceLink::Reference),
            ],
        ),
        (
            "report target is not the main place",
            "Guards in Hyesan patrol. They report to Pyongyang.\n\nThe unit reports back to Pyongyang daily.\n\nSmuggling never stops.",
            &[
                ("Hyesan", 0, City, true),
                ("Pyongyang", 0, City, true),
                ("Pyongyang", 1, City, true),
            ],
            &[(Smuggling, Some("Hyesan"), PlaceLink::Document)],
        ),
        (
            "orders from the capital are no event place",
            "Hyesan got orders from Pyongyang.\n\nCameras were installed on orders from Pyongyang.",
            &[
                ("Hyesan", 0, City, true),
                ("Pyongyang", 0, City, true),
                ("Pyongyang", 1, City, true),
            ],
            &[(SurveillanceCamera, Some("Hyesan"), PlaceLink::Document)],
        ),
        (
            "county and its seat are one story",
            "Two men were executed in Onsong County.\n\nPeople in Onsong watched the execution.",
            &[
                ("Onsong County", 0, County, true),
                ("Onsong", 1, City, true),
            ],
            &[(Execution, Some("Onsong County"), PlaceLink::Sentence)],
        ),
        (
            "same name, unresolved, joins the resolved event",
            "Cameras went up in Musan County. Residents of Musan saw the cameras.",
            &[
                ("Musan County", 0, County, true),
                ("Musan", 1, Point, false),
            ],
            &[(
                SurveillanceCamera,
                Some("Musan County"),
                PlaceLink::Sentence,
            )],
        ),
        (
            "generic statement",
            "Smuggling is common.",
            &[],
            &[(Smuggling, None, PlaceLink::None)],
        ),
        (
            "korean coordination",
            "군인들이 만포와 중강군 강변에 전기철조망을 세웠다.",
            &[("만포", 0, City, true), ("중강군", 0, County, true)],
            &[
                (ElectrifiedFence, Some("만포"), PlaceLink::Sentence),
                (ElectrifiedFence, Some("중강군"), PlaceLink::Sentence),
                (BarbedWire, Some("만포"), PlaceLink::Sentence),
                (BarbedWire, Some("중강군"), PlaceLink::Sentence),
            ],
        ),
        (
            "korean parent first",
            "양강도 보천군에서 주민이 체포됐다.",
            &[("양강도", 0, Province, true), ("보천군", 0, County, true)],
            &[(Arrest, Some("보천군"), PlaceLink::Sentence)],
        ),
    ];
    for (name, text, specs, want) in cases {
        let places: Vec<PlaceRef> = specs
            .iter()
            .map(|&(s, n, l, r)| place(text, s, n, l, r))
            .collect();
        let got: Vec<(Category, Option<&str>, PlaceLink)> = classify(text, &places)
            .into_iter()
            .map(|e| {
                (
                    e.category,
                    e.place.map(|p| &text[places[p].start..places[p].end]),
                    e.link,
                )
            })
            .collect();
        assert_eq!(got, *want, "{name}");
    }
}

#[test]
fn a_source_province_gives_way_to_the_main_town_inside_it() {
    let text = "Musan has a new market. Trade in Musan grew.\n\nA source in North Hamgyong Province said: \"Two traders were arrested last week.\"";
    let mut places = vec![
        place(text, "Musan", 0, PlaceLevel::City, true),
        place(text, "Musan", 1, PlaceLevel::City, true),
        place(
            text,
            "North Hamgyong Province",
            0,
            PlaceLevel::Province,
            true,
        ),
    ];
    for p in &mut places {
        p.region = "KP.09".into();
    }
    let placed = |places: &[PlaceRef]| -> Vec<(Category, Option<String>)> {
        classify(text, places)
            .into_iter()
            .map(|e| {
                let name = e
                    .place
                    .map(|p| text[places[p].start..places[p].end].to_string());
                (e.category, name)
            })
            .collect()
    };
    assert_eq!(placed(&places), [(Arrest, Some("Musan".to_string()))]);
    // A town of another province: the source's province stays.
    places[0].region = "KP.13".into();
    places[1].region = "KP.13".into();
    assert_eq!(
        placed(&places),
        [(Arrest, Some("North Hamgyong Province".to_string()))]
    );
}

#[test]
fn a_killing_decides_the_deaths_and_shootings_around_it() {
    for (text, want) in [
        (
            "Guards shot and killed two traders in the river. Their bodies lay there for days.",
            vec![Killing],
        ),
        (
            "Hit by gunfire from a patrol, the man was killed at once.",
            vec![Killing],
        ),
        (
            "Three dead as guards open fire\n\nGuards killed three traders on the bank.",
            vec![Killing],
        ),
        (
            "Guards killed a trader in March. Nobody objected. Much later, a farmer drowned.",
            vec![Killing, Death],
        ),
        (
            "Gunfire was heard near the market at night.",
            vec![OtherIncident],
        ),
    ] {
        assert_eq!(categories(text), want, "{text}");
    }
}

#[test]
fn infrastructure_built_for_an_aim_stands() {
    assert_eq!(
        categories("To stop crossings, workers dug trenches along the bank."),
        [OtherInfrastructure]
    );
    assert!(categories("Patrols were doubled to stop smuggling.").contains(&Crackdown));
    assert!(!categories("Patrols were doubled to stop smuggling.").contains(&Smuggling));
}

#[test]
fn listed_towns_of_a_province_replace_it() {
    let text = "Controls were tightened in Ryanggang Province last week. The counties concerned include Samsu and Pochon.";
    let mut places = vec![
        place(text, "Ryanggang Province", 0, PlaceLevel::Province, true),
        place(text, "Samsu", 0, PlaceLevel::County, true),
        place(text, "Pochon", 0, PlaceLevel::County, true),
    ];
    for p in &mut places {
        p.region = "KP.13".into();
    }
    let at: Vec<&str> = classify(text, &places)
        .iter()
        .filter_map(|e| e.place.map(|p| &text[places[p].start..places[p].end]))
        .collect();
    assert_eq!(at, ["Samsu", "Pochon"]);
}

#[test]
fn merges_repeats_per_place() {
    let text = "Guards arrested a man in Hyesan. Later police detained another in Hyesan.";
    let places = [
        place(text, "Hyesan", 0, PlaceLevel::City, true),
        place(text, "Hyesan", 1, PlaceLevel::City, true),
    ];
    let events = classify(text, &places);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!((e.category, e.place), (Arrest, Some(0)));
    assert_eq!(
        &text[e.evidence.clone()],
        "Guards arrested a man in Hyesan."
    );
    assert_eq!(e.cues, ["arrested", "detained"]);
    assert_eq!(e.actors, ["Guards", "police"]);
    assert!(e.score > 0.5 && e.score <= 1.0, "{}", e.score);
}

#[test]
fn ignores_place_spans_outside_the_text() {
    let text = "Smuggling rose in Hyesan.";
    let bad = PlaceRef {
        start: 20,
        end: 99,
        resolved: true,
        level: PlaceLevel::City,
        key: "x".into(),
        region: String::new(),
    };
    let events = classify(text, &[bad]);
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].place, events[0].link), (None, PlaceLink::None));
}

#[test]
fn names_round_trip() {
    for &c in Category::ALL {
        assert_eq!(c.as_str().parse::<Category>().unwrap(), c);
    }
    assert_eq!(Category::ALL.len(), 24);
    assert_eq!(Fence.layer(), Layer::Infrastructure);
    assert_eq!(Protest.layer(), Layer::Incident);
    assert!("fences".parse::<Category>().is_err());
}
