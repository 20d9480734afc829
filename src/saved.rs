//! The reading state remembered between runs: one small JSON file per
//! report, in the platform's state directory (`$XDG_STATE_HOME` or
//! `~/.local/state` on Linux), named after the report's id.
//!
//! A file holds a format version, the report's id, a hash of the report's
//! content, the reading position and the marks as places (a block id and a
//! character offset, never a row, so that they hold at any size and in
//! either script), the script and the focused pane. It is written
//! atomically (a temporary file in the same directory, then a rename), so
//! a reader never sees half a file. Reading never waits: anything but a
//! readable regular file of this version is reported as a reason, never
//! an error that stops the reader.
//!
//! Like `input` and `colors`, this module imports nothing of the crate:
//! `app::restore` says how a state is taken from a session and applied to
//! one; the terminal driver decides when.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The longest state file name taken whole (before `.json`), in bytes.
pub const MAX_NAME: usize = 100;

/// The version of the file format; a file of any other version is
/// ignored.
pub const VERSION: u32 = 1;

/// A state file larger than this is not a state file.
const MAX_BYTES: u64 = 1 << 20;

/// A place in the report as stored: a block's id and a character offset
/// into its text (`document::Place`, as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPlace {
    pub block: String,
    pub offset: usize,
}

/// The script, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScriptName {
    Traditional,
    Simplified,
}

/// A pane, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaneName {
    Outline,
    Reader,
    Glossary,
    Figures,
}

/// What is remembered of one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The format's version: `VERSION` when written.
    pub version: u32,
    /// The report's id (`report.yaml`'s `id`).
    pub report: String,
    /// `content_hash` of the report the places point into.
    pub content: String,
    /// The reading position.
    pub place: SavedPlace,
    pub script: ScriptName,
    pub focus: PaneName,
    /// Marks set with `m` and a letter.
    #[serde(default)]
    pub marks: BTreeMap<char, SavedPlace>,
}

/// Why a state file was not used.
#[derive(Debug)]
pub enum Problem {
    /// It could not be read (permissions, not a regular file, too large).
    Unreadable(String),
    /// It is not JSON, or not a state of this version.
    Corrupt(String),
    /// It was written by another version of the format.
    OtherVersion(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unreadable(why) => write!(f, "it cannot be read: {why}"),
            Problem::Corrupt(why) => write!(f, "it is corrupt: {why}"),
            Problem::OtherVersion(v) => write!(f, "it is of format version {v}, not {VERSION}"),
        }
    }
}

/// What reading a state file found.
#[derive(Debug)]
pub enum Loaded {
    /// No file: the report was never read here.
    Nothing,
    Found(State),
    /// A file that cannot be used, and why.
    Unusable(Problem),
}

/// A hash of a report's content that stays the same across builds, Rust
/// versions and platforms: SHA-256 over each text's length (8 bytes,
/// little-endian) and its UTF-8 bytes, in order, as lowercase hex. The
/// lengths keep `["ab", "c"]` and `["a", "bc"]` apart.
pub fn content_hash<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hasher = Sha256::new();
    for text in texts {
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A directory of state files, one per report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// State files in `dir` (created when the first one is written).
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    /// The platform's state directory for this program: on Linux
    /// `$XDG_STATE_HOME/report-explorer` or `~/.local/state/report-explorer`;
    /// where the platform has no state directory (macOS, Windows), its
    /// local data directory. None when there is no home directory.
    pub fn platform() -> Option<Store> {
        let dirs = directories::ProjectDirs::from("", "", "report-explorer")?;
        let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Some(Store::new(dir))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of the report with this id: `<id>.json`, any character
    /// outside letters, digits, `.`, `-` and `_` (which report ids never
    /// have) as `_`, so that the name stays in the directory. An id longer
    /// than [`MAX_NAME`] characters is cut and followed by a hash of the
    /// whole id, so that the name stays within what file systems take (255
    /// bytes) and two long ids do not share a file.
    pub fn path(&self, report: &str) -> PathBuf {
        let safe: String = report
            .chars()
            .map(|c| match c {
                c if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') => c,
                _ => '_',
            })
            .collect();
        let name = if safe.len() > MAX_NAME {
            let hash = content_hash([report]);
            format!("{}-{}", &safe[..MAX_NAME - 17], &hash[..16])
        } else {
            safe
        };
        self.dir.join(format!("{name}.json"))
    }

    /// Read the state of the report with this id. Never waits and never
    /// fails: what cannot be used comes back with the reason.
    pub fn load(&self, report: &str) -> Loaded {
        let path = self.path(report);
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Loaded::Nothing,
            Err(e) => return Loaded::Unusable(Problem::Unreadable(e.to_string())),
        };
        // A FIFO would block the open; a device could be endless.
        if !meta.is_file() {
            return Loaded::Unusable(Problem::Unreadable("not a regular file".into()));
        }
        if meta.len() > MAX_BYTES {
            return Loaded::Unusable(Problem::Unreadable("too large".into()));
        }
        // Sized from the metadata: one read, not a read of 32 bytes, then
        // of twice as many, and so on.
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
        let read = fs::File::open(&path)
            .and_then(|f| f.take(MAX_BYTES).read_to_end(&mut bytes).map(|_| ()));
        if let Err(e) = read {
            return Loaded::Unusable(Problem::Unreadable(e.to_string()));
        }
        match parse(&bytes) {
            Ok(state) => Loaded::Found(state),
            Err(problem) => Loaded::Unusable(problem),
        }
    }

    /// Write a state atomically: a temporary file in the same directory
    /// (created if missing), synced, then renamed over the report's file.
    pub fn save(&self, state: &State) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let path = self.path(&state.report);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = self.dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let json = serde_json::to_string_pretty(state).map_err(io::Error::other)?;
        let written = (|| {
            let mut file = fs::File::create(&tmp)?;
            file.write_all(json.as_bytes())?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            fs::rename(&tmp, &path)
        })();
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    }
}

/// A state from a file's bytes: the version first, so that a file of
/// another version is named as such whatever its fields.
pub fn parse(bytes: &[u8]) -> Result<State, Problem> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| Problem::Corrupt(e.to_string()))?;
    match value.get("version") {
        Some(v) if v.as_u64() == Some(u64::from(VERSION)) => {}
        Some(v) => return Err(Problem::OtherVersion(v.to_string())),
        None => return Err(Problem::Corrupt("no version".into())),
    }
    serde_json::from_value(value).map_err(|e| Problem::Corrupt(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary directory of its own for each test.
    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "report-explorer-saved-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn state() -> State {
        State {
            version: VERSION,
            report: "wanghua-2024".into(),
            content: content_hash(["part1.s1.1", "工業升級賦能增效。鼓勵企業走內涵式發展道路"]),
            place: SavedPlace {
                block: "part1.s1.1".into(),
                offset: 12,
            },
            script: ScriptName::Simplified,
            focus: PaneName::Glossary,
            marks: BTreeMap::from([
                (
                    'a',
                    SavedPlace {
                        block: "part2.s3".into(),
                        offset: 0,
                    },
                ),
                (
                    '望',
                    SavedPlace {
                        block: "glossary.4".into(),
                        offset: 3,
                    },
                ),
            ]),
        }
    }

    #[test]
    fn a_state_round_trips_through_its_file() {
        let store = Store::new(temp_dir("round-trip"));
        assert!(matches!(store.load("wanghua-2024"), Loaded::Nothing));
        store.save(&state()).unwrap();
        match store.load("wanghua-2024") {
            Loaded::Found(s) => assert_eq!(s, state()),
            other => panic!("{other:?}"),
        }
        // Plain JSON a person can read: the ids and the script by name.
        let text = fs::read_to_string(store.path("wanghua-2024")).unwrap();
        assert!(text.contains("\"version\": 1"), "{text}");
        assert!(text.contains("\"simplified\""), "{text}");
        assert!(text.contains("\"望\""), "{text}");
        let _ = fs::remove_dir_all(store.dir());
    }

    #[test]
    fn a_save_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let store = Store::new(temp_dir("atomic"));
        store.save(&state()).unwrap();
        let mut later = state();
        later.place = SavedPlace {
            block: "part2.s1.2".into(),
            offset: 40,
        };
        later.marks.clear();
        store.save(&later).unwrap();
        match store.load("wanghua-2024") {
            Loaded::Found(s) => assert_eq!(s, later),
            other => panic!("{other:?}"),
        }
        let names: Vec<String> = fs::read_dir(store.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["wanghua-2024.json"]);
        // A save that cannot rename (a directory stands where the file
        // goes) fails, keeps what was there and leaves no temporary file.
        let blocked = Store::new(temp_dir("atomic-blocked"));
        fs::create_dir_all(blocked.path("wanghua-2024").join("x")).unwrap();
        assert!(blocked.save(&state()).is_err());
        let names: Vec<String> = fs::read_dir(blocked.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["wanghua-2024.json"]);
        let _ = fs::remove_dir_all(store.dir());
        let _ = fs::remove_dir_all(blocked.dir());
    }

    #[test]
    fn another_version_is_named_and_not_used() {
        let json = r#"{"version": 2, "report": "wanghua-2024", "position": "第三段"}"#;
        match parse(json.as_bytes()) {
            Err(Problem::OtherVersion(v)) => assert_eq!(v, "2"),
            other => panic!("{other:?}"),
        }
        let store = Store::new(temp_dir("version"));
        fs::create_dir_all(store.dir()).unwrap();
        fs::write(store.path("wanghua-2024"), json).unwrap();
        let Loaded::Unusable(p) = store.load("wanghua-2024") else {
            panic!("a version 2 file was used");
        };
        assert!(p.to_string().contains("version 2"), "{p}");
        let _ = fs::remove_dir_all(store.dir());
    }

    #[test]
    fn corrupt_files_are_reasons_not_errors() {
        for bad in [
            &b"\xff\xfe garbage \x00"[..],
            "{\"version\": 1, \"report\": \"望花".as_bytes(),
            "{\"version\": 1, \"report\": \"望花\"}".as_bytes(),
            "[\"招商引資\"]".as_bytes(),
            b"",
        ] {
            assert!(
                matches!(parse(bad), Err(Problem::Corrupt(_))),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        // A mark named by more than one character is corrupt too.
        let mut json = serde_json::to_value(state()).unwrap();
        json["marks"]["ab"] = serde_json::json!({"block": "part1", "offset": 0});
        let bytes = serde_json::to_vec(&json).unwrap();
        assert!(matches!(parse(&bytes), Err(Problem::Corrupt(_))));
        // A directory where the file should be: unreadable, not a hang.
        let store = Store::new(temp_dir("corrupt"));
        fs::create_dir_all(store.path("wanghua-2024")).unwrap();
        assert!(matches!(
            store.load("wanghua-2024"),
            Loaded::Unusable(Problem::Unreadable(_))
        ));
        let _ = fs::remove_dir_all(store.dir());
    }

    #[test]
    fn the_content_hash_is_stable_and_changes_with_any_text() {
        let texts = [
            "part1.s1.1",
            "工業升級賦能增效。",
            "part1.s1.2",
            "消費活力充分釋放。",
        ];
        let hash = content_hash(texts);
        // The same on every build and platform: SHA-256, not std's hasher.
        assert_eq!(hash.len(), 64);
        assert_eq!(
            content_hash(["望花區"]),
            content_hash(["望花區"].iter().copied())
        );
        assert_eq!(
            content_hash(Vec::<&str>::new()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        // One character changed, a text moved from one block to the next,
        // the order: each a different hash.
        let edited = [
            "part1.s1.1",
            "工業升級賦能增效！",
            "part1.s1.2",
            "消費活力充分釋放。",
        ];
        assert_ne!(content_hash(edited), hash);
        assert_ne!(content_hash(["望花", "區"]), content_hash(["望", "花區"]));
        let swapped = [
            "part1.s1.2",
            "消費活力充分釋放。",
            "part1.s1.1",
            "工業升級賦能增效。",
        ];
        assert_ne!(content_hash(swapped), hash);
    }

    #[test]
    fn a_long_id_gets_a_short_file_of_its_own() {
        // 望花區's id is short; an id of 300 characters (import took one) made the name too long
        // for the file system: File name too long (os error 36).
        let m = Store::new(std::env::temp_dir().join("re-long-id"));
        let long = "a".repeat(300);
        let other = "a".repeat(299) + "b";
        let (p, q) = (m.path(&long), m.path(&other));
        let name = |p: &Path| p.file_name().map(|n| n.len()).unwrap_or(0);
        assert!(name(&p) <= MAX_NAME + 5, "{p:?}");
        assert_ne!(p, q);
        assert_eq!(p.parent(), Some(m.dir()));
        assert_eq!(m.path("wanghua-2024"), m.dir().join("wanghua-2024.json"));
    }

    #[test]
    fn file_names_stay_in_the_directory() {
        let store = Store::new("/state");
        assert_eq!(
            store.path("wanghua-2024"),
            Path::new("/state/wanghua-2024.json")
        );
        assert_eq!(store.path("../望花"), Path::new("/state/..___.json"));
    }
}
