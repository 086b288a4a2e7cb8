//! The studio's edit model: a scenario as edits over its source text. Each edit patches only
//! the bytes of the changed value, then the text is read again and must give exactly the
//! scenario the edit meant, or the edit is refused and the text stays as it was. Undo and
//! redo step through the texts; saving is atomic and never writes a file that does not
//! read; unsaved work is kept in a recovery file beside the scenario.
//!
//! Nothing here knows Bevy: the studio screen draws a [`Document`] and turns clicks into
//! [`Edit`]s, and the tests drive it directly.

pub mod layout;
pub mod ops;
pub mod save;
pub mod write;

pub use ops::{Edit, EditError, EndingChange, ReplyChange, Setting, flag_references, node_references};

use crate::authoring::edit::layout::Patch;
use crate::authoring::edit::ops::Before;
use crate::authoring::load::{LoadFailure, LoadedScenario, load_scenario_source};
use crate::authoring::ron::parse_ron;
use crate::authoring::spans::SpanIndex;
use crate::engine::catalogue::Knowledge;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::scenario::ScenarioFile;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One step of the history: the text between a common start and end, before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Step {
    at: usize,
    old: String,
    new: String,
}

impl Step {
    /// The smallest step from `before` to `after`: what lies between their common prefix
    /// and common suffix.
    fn between(before: &str, after: &str) -> Step {
        let prefix = common_prefix(before, after);
        let suffix = common_suffix(&before[prefix..], &after[prefix..]);
        Step {
            at: prefix,
            old: before[prefix..before.len() - suffix].to_owned(),
            new: after[prefix..after.len() - suffix].to_owned(),
        }
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(n) || !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().rev().zip(b.bytes().rev()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(a.len() - n) || !b.is_char_boundary(b.len() - n) {
        n -= 1;
    }
    n
}

/// A scenario open for editing.
#[derive(Clone, Debug)]
pub struct Document {
    path: Option<PathBuf>,
    file_name: String,
    source: String,
    file: ScenarioFile,
    spans: SpanIndex,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The text as last read from or written to disk.
    saved: String,
    /// The file began with a byte order mark, written back on save.
    bom: bool,
}

impl Document {
    /// A document over `source`, which must read as a scenario (it need not be sound).
    pub fn from_source(file_name: &str, source: &str) -> Result<Document, Vec<Diagnostic>> {
        let file = parse_ron::<ScenarioFile>(file_name, source)?;
        Ok(Document {
            path: None,
            file_name: file_name.to_owned(),
            source: source.to_owned(),
            spans: SpanIndex::build(source),
            file,
            undo: Vec::new(),
            redo: Vec::new(),
            saved: source.to_owned(),
            bom: false,
        })
    }

    /// Opens a scenario file for editing; it is saved back to the same path.
    pub fn open(path: &Path) -> Result<Document, LoadFailure> {
        let (source, bom) = save::read_text(path)?;
        let file_name = path.display().to_string();
        let mut document = Document::from_source(&file_name, &source).map_err(|diagnostics| LoadFailure {
            file_name: file_name.clone(),
            source: source.clone(),
            diagnostics,
        })?;
        document.path = Some(path.to_owned());
        document.bom = bom;
        Ok(document)
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The scenario as the text reads now.
    pub fn file(&self) -> &ScenarioFile {
        &self.file
    }

    /// Where every value of the current text is.
    pub fn spans(&self) -> &SpanIndex {
        &self.spans
    }

    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the text differs from what was last read or saved.
    pub fn is_dirty(&self) -> bool {
        self.source != self.saved
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Compiles and proves the current text for every personality, as loading does.
    pub fn prove(&self, knowledge: &Arc<Knowledge>) -> Result<LoadedScenario, LoadFailure> {
        load_scenario_source(&self.file_name, &self.source, knowledge)
    }

    /// Makes `edit`: the text is patched in place and must read back as the edited
    /// scenario. On any error nothing changes. An edit that changes nothing adds no step.
    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        let (text, file) = self.edited(edit)?;
        if text == self.source {
            return Ok(());
        }
        self.undo.push(Step::between(&self.source, &text));
        self.redo.clear();
        self.set(text, file);
        Ok(())
    }

    /// Takes back the last edit; false if there was none.
    pub fn undo(&mut self) -> bool {
        self.step_back_or_forth(true)
    }

    /// Makes again the last edit taken back; false if there was none.
    pub fn redo(&mut self) -> bool {
        self.step_back_or_forth(false)
    }

    fn step_back_or_forth(&mut self, back: bool) -> bool {
        let Some(step) = (if back { self.undo.pop() } else { self.redo.pop() }) else { return false };
        let (remove, insert) = if back { (&step.new, &step.old) } else { (&step.old, &step.new) };
        let mut text = self.source.clone();
        text.replace_range(step.at..step.at + remove.len(), insert);
        // Every text in the history once read as a scenario, so this reads again.
        match parse_ron::<ScenarioFile>(&self.file_name, &text) {
            Ok(file) => {
                self.set(text, file);
                if back {
                    self.redo.push(step)
                } else {
                    self.undo.push(step)
                }
                true
            }
            Err(_) => false,
        }
    }

    fn set(&mut self, text: String, file: ScenarioFile) {
        self.spans = SpanIndex::build(&text);
        self.source = text;
        self.file = file;
    }

    /// The text and scenario after `edit`, checked, without changing the document.
    fn edited(&self, edit: &Edit) -> Result<(String, ScenarioFile), EditError> {
        let crlf = self.source.contains("\r\n");
        let mut text = self.source.clone();
        let mut expected = self.file.clone();
        let mut spans = None;
        let mut raw = false;
        for single in flatten(edit) {
            let spans_now = spans.get_or_insert_with(|| SpanIndex::build(&text));
            let patches = match single {
                Edit::Text { range, text: new } => {
                    raw = true;
                    vec![Patch::replace(range.clone(), new.clone())]
                }
                _ => {
                    let before = Before { src: &text, spans: spans_now, file: &expected };
                    let mut patches = ops::plan(single, &before)?;
                    ops::change(single, &mut expected)?;
                    if crlf {
                        patches.iter_mut().for_each(|p| p.text = p.text.replace('\n', "\r\n"));
                    }
                    patches
                }
            };
            text = layout::apply(&text, &patches).map_err(|why| EditError::NotInPlace(format!("the text ({why})")))?;
            spans = None;
            if raw {
                // A change to the text itself means what the text now reads as.
                expected = parse_ron::<ScenarioFile>(&self.file_name, &text).map_err(EditError::WouldNotParse)?;
                raw = false;
            }
        }
        let read = parse_ron::<ScenarioFile>(&self.file_name, &text).map_err(EditError::WouldNotParse)?;
        if read != expected {
            return Err(EditError::NotInPlace(describe(edit)));
        }
        Ok((text, read))
    }

    /// Saves to the path the document was opened from (see [`save`]).
    pub fn save(&mut self) -> Result<(), String> {
        let path = self.path.clone().ok_or("this scenario has no file yet; save it under a name")?;
        self.save_to(&path, true)
    }

    /// Saves under another name, which becomes the document's path.
    pub fn save_as(&mut self, path: &Path) -> Result<(), String> {
        self.save_to(path, false)?;
        self.path = Some(path.to_owned());
        self.file_name = path.display().to_string();
        Ok(())
    }

    /// Writes the recovery file beside the scenario when there is unsaved work, and removes
    /// it when there is none.
    pub fn autosave(&self) -> Result<(), String> {
        let path = self.path.as_ref().ok_or("this scenario has no file yet")?;
        let recovery = save::recovery_path(path);
        if self.is_dirty() {
            save::write(&recovery, &self.source, self.bom)
        } else {
            save::remove_if_present(&recovery)
        }
    }

    /// Opens `path` with the unsaved work of its recovery file, if there is any (see
    /// [`save::pending_recovery`]); the restored text is one step that undo takes back.
    pub fn open_recovering(path: &Path) -> Result<(Document, bool), LoadFailure> {
        let mut document = Document::open(path)?;
        let Some(text) = save::pending_recovery(path) else { return Ok((document, false)) };
        let whole = 0..document.source.len();
        match document.apply(&Edit::Text { range: whole, text }) {
            Ok(()) => Ok((document, true)),
            Err(_) => Ok((document, false)),
        }
    }
}

/// The single edits of `edit`, groups opened up, in order.
fn flatten(edit: &Edit) -> Vec<&Edit> {
    match edit {
        Edit::Group(edits) => edits.iter().flat_map(flatten).collect(),
        single => vec![single],
    }
}

/// What an edit changes, in a few words, for a message.
fn describe(edit: &Edit) -> String {
    match edit {
        Edit::Setting(_) => "the scenario's settings".into(),
        Edit::SetLine { node, .. } | Edit::AddLine { node, .. } | Edit::RemoveLine { node, .. } => {
            format!("the lines of `{node}`")
        }
        Edit::SetBeyondAgent { node, .. } => format!("node `{node}`"),
        Edit::Reply { node, reply, .. } | Edit::DeleteReply { node, reply } => {
            format!("reply {} of `{node}`", reply + 1)
        }
        Edit::AddReply { node, .. } => format!("the replies of `{node}`"),
        Edit::Ending { node, .. } => format!("ending `{node}`"),
        Edit::AddNode { name, .. } | Edit::DeleteNode { name } => format!("node `{name}`"),
        Edit::RenameNode { from, .. } => format!("the name of node `{from}`"),
        Edit::RenameFlag { from, .. } => format!("flag `{from}`"),
        Edit::Text { .. } => "the text".into(),
        Edit::Group(_) => "these changes".into(),
    }
}
