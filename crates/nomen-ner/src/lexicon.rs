//! Word lists that rules and model features share: titles and ranks (TITLE is
//! not an OntoNotes label, so it comes from here), honorifics, places,
//! nationalities and date words, and [`normalize_word`], the one typographic
//! normalisation both use. All entries are matched case-sensitively unless noted.

/// Titles, ranks and offices; multi-word entries are matched longest first.
pub const TITLES: &[&str] = &[
    "Prime Minister", "Deputy Prime Minister", "Foreign Minister", "Defense Minister", "Defence Minister", "Interior Minister",
    "Finance Minister", "Oil Minister", "Minister", "Deputy Minister", "Ministers", "President", "Vice President", "Vice-President",
    "Deputy President", "Chairman", "Chairwoman", "Chair", "Commander-in-Chief", "Deputy Commander-in-Chief", "Commander", "Field Marshal",
    "Marshal", "General", "Lieutenant General", "Major General", "Brigadier General", "Colonel", "Lieutenant Colonel", "Major", "Captain",
    "Admiral", "Sergeant", "King", "Queen", "Prince", "Crown Prince", "Sheikh", "Emir", "Secretary-General", "Secretary General",
    "Secretary of State", "Secretary", "Special Envoy", "Envoy", "Ambassador", "Spokesman", "Spokeswoman", "Spokesperson", "Governor",
    "Mayor", "Senator", "Speaker", "Chief of Staff", "Chief", "Head", "Director", "Director-General", "Advisor", "Adviser",
    "Senior Advisor", "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Lt.", "Col.", "Maj.", "Capt.", "Adm.", "Sen.", "Gov.", "Pres.", "PM", "Deputy",
    "Pope", "Imam", "Mufti", "Judge", "Prosecutor", "CEO",
];

/// Lower-case role nouns that are TITLEs when they describe a person (`advisor to`, `the head of`).
pub const ROLE_NOUNS: &[&str] = &[
    "advisor", "adviser", "head", "chairman", "deputy", "commander", "chief", "minister", "ministers", "president", "spokesman",
    "spokeswoman", "envoy", "ambassador", "leader", "director", "governor", "mayor", "secretary", "general", "prime minister",
    "foreign minister", "defense minister",
];

/// Honorifics: they precede names but are not roles (the seeds leave `Mr.` unlabelled).
pub const HONORIFICS: &[&str] = &["Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Messrs.", "Miss", "Mme.", "Mme"];

/// Titles the feature lexicon knows beyond `lexicon::TITLES`.
pub const EXTRA_TITLES: &[&str] = &[
    "Commander in Chief", "Premier", "Chancellor", "Secretary of Defense", "Minister of Defense", "Minister of Foreign Affairs",
    "Minister of Interior", "Brigadier", "Commissioner", "Special Representative",
];

/// Role nouns the feature lexicon knows beyond `lexicon::ROLE_NOUNS`.
pub const EXTRA_ROLE_NOUNS: &[&str] = &["expert", "analyst", "chancellor", "premier", "representative", "commissioner"];

/// The word begins with a capital letter (`Haftar`, `LNA`, `Émile`).
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Maps typographic variants to one form, so `’s` and `'s`, `“` and `"`, `—`
/// and `--` share their weights (OntoNotes has the ASCII forms).
pub fn normalize_word(word: &str) -> std::borrow::Cow<'_, str> {
    if word.is_ascii() {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '’' | '‘' | '‛' | '′' => out.push('\''),
            '“' | '”' | '„' | '«' | '»' | '″' => out.push('"'),
            '—' | '–' | '―' => out.push_str("--"),
            '‐' | '‑' => out.push('-'),
            '…' => out.push_str("..."),
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

pub const COUNTRIES_AND_CITIES: &[&str] = &[
    "Libya", "Tripoli", "Benghazi", "Misrata", "Misurata", "Sirte", "Tobruk", "Derna", "Sabha", "Zawiya", "Ajdabiya", "Bayda", "Ghat",
    "Kufra", "Tarhuna", "Gharyan", "Zintan", "Ras Lanuf", "Brega", "Sabratha", "Rome", "Italy", "Palermo", "Milan", "France", "Paris",
    "Egypt", "Cairo", "Tunisia", "Tunis", "Algeria", "Algiers", "Morocco", "Rabat", "Sudan", "Khartoum", "Chad", "Niger", "Turkey",
    "Ankara", "Istanbul", "Russia", "Moscow", "United States", "U.S.", "US", "America", "Washington", "United Kingdom", "UK", "Britain",
    "London", "Germany", "Berlin", "Qatar", "Doha", "United Arab Emirates", "UAE", "Abu Dhabi", "Dubai", "Saudi Arabia", "Riyadh",
    "Jordan", "Amman", "Greece", "Athens", "Malta", "Valletta", "Spain", "Madrid", "China", "Beijing", "Israel", "Iran", "Tehran", "Iraq",
    "Baghdad", "Syria", "Damascus", "Lebanon", "Beirut", "Geneva", "Brussels", "Berlin", "Moscow", "New York", "Europe", "Africa",
];

pub const NATIONALITIES: &[&str] = &[
    "Libyan", "Libyans", "Italian", "Italians", "French", "Egyptian", "Egyptians", "Tunisian", "Algerian", "Moroccan", "Sudanese",
    "Chadian", "Turkish", "Russian", "Russians", "American", "Americans", "British", "German", "Qatari", "Emirati", "Saudi", "Jordanian",
    "Greek", "Maltese", "Spanish", "Chinese", "Israeli", "Iranian", "Iraqi", "Syrian", "Lebanese", "European", "Europeans", "African",
    "Arab", "Arabs", "Western", "Islamist", "Islamists", "Muslim", "Muslims", "Christian", "Sunni", "Shia", "Amazigh", "Tuareg", "Tebu",
];

pub const KNOWN_ORGS: &[&str] = &[
    "UN", "U.N.", "UNSMIL", "LNA", "GNU", "GNA", "HoR", "NATO", "EU", "AU", "African Union", "Arab League", "European Union",
    "United Nations", "Security Council", "House of Representatives", "High Council of State", "Presidential Council",
    "Central Bank of Libya", "National Oil Corporation", "NOC", "Eni", "Reuters", "AFP", "Al Jazeera", "Wagner", "ICC", "IMF",
    "World Bank",
];

/// Words that make a capitalised phrase an organisation.
pub const ORG_HEADS: &[&str] = &[
    "Army", "Government", "Ministry", "Council", "Force", "Forces", "Group", "Bank", "Party", "Company", "Corporation", "Agency",
    "Organization", "Organisation", "Union", "Nations", "Committee", "Parliament", "Assembly", "Brigade", "Brigades", "Authority",
    "Institute", "Staff", "Commission", "News", "Front", "Movement", "Office", "Court", "Association", "Foundation", "University", "Fund",
    "Guard",
];

pub const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

pub const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Jan.",
    "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.",
];

/// Words that may start a sentence capitalised without being a name.
pub const FUNCTION_WORDS: &[&str] = &[
    "The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "He", "She", "It", "They", "We", "I", "This", "That", "These", "Those",
    "His", "Her", "Its", "Their", "Our", "After", "Before", "During", "While", "When", "As", "If", "With", "From", "By", "To", "Of",
    "According", "Last", "Next", "Meanwhile", "However", "Also", "There", "Since", "Although", "Despite", "Earlier", "Later", "Some",
    "Many", "Both", "Two", "Three", "One", "Several", "Other", "Such", "What", "Who", "Which", "Why", "How", "Where", "Not",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_variants_share_features() {
        assert_eq!(normalize_word("’s"), "'s");
        assert_eq!(normalize_word("—"), "--");
        assert_eq!(normalize_word("“"), "\"");
    }

    /// FNV-1a over every list that model features read.
    fn fingerprint() -> u64 {
        let lists: [&[&str]; 10] = [
            TITLES, ROLE_NOUNS, MONTHS, WEEKDAYS, NATIONALITIES, COUNTRIES_AND_CITIES, ORG_HEADS, KNOWN_ORGS, EXTRA_TITLES,
            EXTRA_ROLE_NOUNS,
        ];
        let mut hash = 0xcbf29ce484222325u64;
        for word in lists.iter().flat_map(|l| l.iter()) {
            for byte in word.bytes().chain(std::iter::once(0)) {
                hash = (hash ^ byte as u64).wrapping_mul(0x100000001b3);
            }
        }
        hash
    }

    #[test]
    fn the_lexicon_is_the_one_the_shipped_model_was_trained_with() {
        // These lists are model features (features.rs): editing them changes what
        // the shipped model sees without retraining it. If you change them on
        // purpose, bump features::FEATURE_SET_VERSION, retrain the model
        // (`nomen train`, see README), and update this number.
        assert_eq!(fingerprint(), 16357315974224050725, "the lexicon changed: see the comment above");
    }
}
