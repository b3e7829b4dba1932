//! The instruments available to workers: the shipped ones, embedded in the
//! binary, with an organisation's own files replacing or adding to them.

use super::error::InstrumentError;
use super::instrument::Instrument;

/// Shipped instrument files, embedded at build time so a fresh install needs
/// no asset directory.
const SHIPPED: [(&str, &str); 4] = [
    (
        "asq.toml",
        include_str!("../../../assets/instruments/asq.toml"),
    ),
    (
        "cssrs.toml",
        include_str!("../../../assets/instruments/cssrs.toml"),
    ),
    (
        "dash.toml",
        include_str!("../../../assets/instruments/dash.toml"),
    ),
    (
        "cp_risk.toml",
        include_str!("../../../assets/instruments/cp_risk.toml"),
    ),
];

/// A set of instruments with unique ids, in display order (shipped first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalog {
    /// Each instrument with the name of the file it came from.
    entries: Vec<(String, Instrument)>,
}

impl Catalog {
    /// The shipped instruments only.
    pub fn shipped() -> Result<Catalog, InstrumentError> {
        Catalog::with_overrides(Vec::new())
    }

    /// The shipped instruments, with an organisation's files (file name,
    /// text) on top: a file whose instrument id is already shipped replaces
    /// that instrument in place, a new id is added at the end. Two
    /// organisation files with the same id, or any bad file, is an error
    /// naming the file, so a typo never silently falls back to the default.
    pub fn with_overrides(files: Vec<(String, String)>) -> Result<Catalog, InstrumentError> {
        let mut entries = Vec::with_capacity(SHIPPED.len() + files.len());
        for (file, text) in SHIPPED {
            entries.push((file.to_string(), Instrument::parse(file, text)?));
        }
        let mut overridden: Vec<(String, String)> = Vec::new();
        for (file, text) in files {
            let instrument = Instrument::parse(&file, &text)?;
            let id = instrument.id().to_string();
            if let Some((_, other)) = overridden.iter().find(|(seen, _)| *seen == id) {
                return Err(InstrumentError::DuplicateInstrument {
                    file,
                    id,
                    other: other.clone(),
                });
            }
            overridden.push((id.clone(), file.clone()));
            match entries.iter_mut().find(|(_, shipped)| shipped.id() == id) {
                Some(entry) => *entry = (file, instrument),
                None => entries.push((file, instrument)),
            }
        }
        Ok(Catalog { entries })
    }

    /// The instrument with this id.
    pub fn get(&self, id: &str) -> Option<&Instrument> {
        self.entries
            .iter()
            .find(|(_, i)| i.id() == id)
            .map(|(_, i)| i)
    }

    /// The name of the file an instrument came from (to show which version
    /// an organisation is running).
    pub fn source_file(&self, id: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(_, i)| i.id() == id)
            .map(|(f, _)| f.as_str())
    }

    /// All instruments in display order.
    pub fn instruments(&self) -> impl Iterator<Item = &Instrument> {
        self.entries.iter().map(|(_, i)| i)
    }
}
