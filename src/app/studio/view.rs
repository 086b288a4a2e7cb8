//! The studio's state and its whole drawing as one egui function over a [`Studio`], so the
//! Bevy screen only hosts it and egui_kittest drives it by clicks and keys. Every change goes
//! through the edit model (`authoring::edit`); after each, the text is loaded and proven
//! again, and the graph, totals and diagnostics follow.

use super::{form, graph, playtest, settings};
use crate::app::theme;
use crate::authoring::audit::{gaming_warnings, personality_warnings};
use crate::authoring::edit::{Document, Edit};
use crate::authoring::form_reader::{FormReading, Model, read};
use crate::authoring::layout::{GraphLayout, layout};
use crate::authoring::load::{LoadFailure, LoadedScenario, Variant, load_scenarios};
use crate::authoring::search::{Hit, search};
use crate::engine::catalogue::Knowledge;
use crate::engine::diagnostic::{Diagnostic, Seg};
use bevy_egui::egui;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the studio asks of the screen hosting it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StudioRequest {
    /// Back to the picker.
    Close,
    /// Open another scenario file in the studio, at this node if given (a search result).
    Open(PathBuf, Option<String>),
}

/// Search results listed at once; the rest are counted.
const SHOWN_HITS: usize = 40;

/// Two paths name the same file (one may be relative).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// One problem found by loading, proving or auditing, and the node it concerns.
#[derive(Clone, Debug)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub node: Option<String>,
    /// `file:line:col` of the place it points at.
    pub at: String,
}

/// A scenario open in the studio.
pub struct Studio {
    pub document: Document,
    pub knowledge: Arc<Knowledge>,
    /// The current text, loaded and proven (or why it is not sound).
    pub proven: Result<LoadedScenario, LoadFailure>,
    pub findings: Vec<Finding>,
    pub layout: GraphLayout,
    pub view: graph::Camera,
    pub selected: Option<String>,
    /// Text being typed into a field, by field, until the field lets go of the keyboard.
    pub drafts: HashMap<String, String>,
    /// Edits asked for while drawing, applied after it.
    pub pending: Vec<Edit>,
    /// The last thing the studio has to say: a refused edit, a save.
    pub notice: Option<(bool, String)>,
    pub playtest: playtest::Playtest,
    /// A deletion waiting for the author's yes.
    pub confirm: Option<form::Confirm>,
    /// The node to select once the pending edits are made (a node just added or renamed).
    pub select_after_change: Option<String>,
    /// The form reader, learnt from the library beside the file on a thread of its own.
    pub reader: Reader,
    /// What was searched for across the folder, and where it was found.
    pub search: String,
    pub hits: Vec<Hit>,
    /// Saves made, so the game can reload the file into its library after each.
    pub saves: u64,
}

/// The form reader as the studio has it: still learning, ready, or without a library.
pub enum Reader {
    Learning(std::thread::JoinHandle<Option<Model>>),
    Ready(Model),
    /// No other sound scenario to learn from.
    Unavailable,
}

impl Reader {
    /// Learns from the sound scenarios in `folders` other than the one with `id` (each id once).
    pub fn learn(folders: Vec<PathBuf>, id: String, knowledge: Arc<Knowledge>) -> Reader {
        Reader::Learning(std::thread::spawn(move || {
            let mut seen = std::collections::BTreeSet::from([id]);
            let mut library = Vec::new();
            for folder in folders.iter().filter(|f| f.is_dir()) {
                let Ok(files) = load_scenarios(std::slice::from_ref(folder), &knowledge) else { continue };
                library.extend(files.flatten().filter(|s| seen.insert(s.id().to_owned())));
            }
            let variants: Vec<&Variant> = library.iter().flat_map(|s| s.variants.iter()).collect();
            (!variants.is_empty()).then(|| Model::train(&variants))
        }))
    }

    /// Takes the model once learning has finished; true when that changed something.
    fn poll(&mut self) -> bool {
        if !matches!(self, Reader::Learning(job) if job.is_finished()) {
            return false;
        }
        let Reader::Learning(job) = std::mem::replace(self, Reader::Unavailable) else { return false };
        if let Ok(Some(model)) = job.join() {
            *self = Reader::Ready(model);
        }
        true
    }

    /// Waits for the model.
    fn wait(&mut self) {
        if let Reader::Learning(_) = self {
            let Reader::Learning(job) = std::mem::replace(self, Reader::Unavailable) else { return };
            if let Ok(Some(model)) = job.join() {
                *self = Reader::Ready(model);
            }
        }
    }
}

impl Studio {
    /// Opens `path` (with its unsaved work from a recovery file, if any).
    pub fn open(path: &Path, knowledge: Arc<Knowledge>) -> Result<Studio, LoadFailure> {
        let (document, recovered) = Document::open_recovering(path)?;
        let mut studio = Studio::new(document, knowledge);
        if recovered {
            studio.notice =
                Some((false, "Unsaved work from the last session was restored (Ctrl+Z takes it back).".into()));
        }
        Ok(studio)
    }

    pub fn new(document: Document, knowledge: Arc<Knowledge>) -> Studio {
        let proven = document.prove(&knowledge);
        let mut studio = Studio {
            layout: layout(document.file()),
            selected: Some(document.file().start.clone()),
            document,
            knowledge,
            proven,
            findings: Vec::new(),
            view: graph::Camera::default(),
            drafts: HashMap::new(),
            pending: Vec::new(),
            notice: None,
            playtest: playtest::Playtest::default(),
            confirm: None,
            select_after_change: None,
            reader: Reader::Unavailable,
            search: String::new(),
            hits: Vec::new(),
            saves: 0,
        };
        let folders: Vec<PathBuf> = studio
            .document
            .path()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .into_iter()
            .chain([crate::authoring::load::default_scenarios_dir()])
            .collect();
        let id = studio.document.file().id.clone();
        studio.reader = Reader::learn(folders, id, studio.knowledge.clone());
        studio.judge();
        studio
    }

    /// Loads and proves the current text again, and audits it as `validate` does.
    fn reprove(&mut self) {
        self.proven = self.document.prove(&self.knowledge);
        self.layout = layout(self.document.file());
        if self.selected.as_ref().is_some_and(|s| !self.document.file().nodes.contains_key(s)) {
            self.selected = None;
        }
        self.playtest.invalidate();
        self.judge();
    }

    fn judge(&mut self) {
        let diagnostics: Vec<Diagnostic> = match &self.proven {
            Ok(loaded) => {
                let mut found = loaded.warnings.clone();
                let readings: Option<Vec<FormReading>> = match &self.reader {
                    Reader::Ready(model) => Some(loaded.variants.iter().map(|v| read(model, v)).collect()),
                    _ => None,
                };
                found.extend(gaming_warnings(loaded, readings.as_deref()));
                found.extend(personality_warnings(loaded));
                found
            }
            Err(failure) => failure.diagnostics.clone(),
        };
        let source = self.document.source();
        let nodes: Vec<(String, std::ops::Range<usize>)> = self
            .document
            .file()
            .nodes
            .keys()
            .filter_map(|name| {
                let path = [Seg::from("nodes"), Seg::from(name.as_str())];
                let spans = self.document.spans();
                let value = spans.value(&path)?;
                let start = spans.key(&path).map_or(value.start, |k| k.start);
                Some((name.clone(), start..value.end))
            })
            .collect();
        self.findings = diagnostics
            .into_iter()
            .map(|diagnostic| {
                let range = diagnostic.primary.as_ref().map(|l| l.range.clone());
                let node = range.as_ref().and_then(|r| {
                    nodes.iter().find(|(_, span)| span.start <= r.start && r.end <= span.end).map(|(n, _)| n.clone())
                });
                let at = match &range {
                    Some(r) => {
                        let before = &source[..r.start.min(source.len())];
                        let line = before.matches('\n').count() + 1;
                        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                        format!("{}:{line}:{col}", self.document.file_name())
                    }
                    None => self.document.file_name().to_owned(),
                };
                Finding { diagnostic, node, at }
            })
            .collect();
    }

    /// Applies the edits the drawing asked for, each one step of the history.
    fn apply_pending(&mut self) {
        let edits = std::mem::take(&mut self.pending);
        if edits.is_empty() {
            return;
        }
        let mut made = false;
        for edit in edits {
            match self.document.apply(&edit) {
                Ok(()) => made = true,
                Err(error) => self.notice = Some((true, format!("That change was not made: {error}"))),
            }
        }
        let select = self.select_after_change.take();
        if !made {
            return;
        }
        self.after_change();
        if let Some(name) = select.filter(|n| self.document.file().nodes.contains_key(n)) {
            self.view.focus = Some(name.clone());
            self.selected = Some(name);
        }
    }

    /// For the screenshot tour: the third node of the best path selected, a placeholder
    /// written into its best reply (so a diagnostic shows on it), and a playtest from there
    /// with that reply taken.
    pub fn demo(&mut self) {
        let Ok(loaded) = &self.proven else { return };
        let main = loaded.main();
        let Some(best) = &main.analysis.best else { return };
        let Some(step) = best.steps.get(2).or(best.steps.first()) else { return };
        let node = main.scenario.node_names[step.node as usize].clone();
        let reply = step.choice;
        let text = match &self.document.file().nodes.get(&node) {
            Some(crate::engine::scenario::Node::Say { choices, .. }) => choices.get(reply).map(|c| c.text.clone()),
            _ => None,
        };
        let Some(text) = text else { return };
        self.pending.push(Edit::Reply {
            node: node.clone(),
            reply,
            change: crate::authoring::edit::ReplyChange::Text(format!(
                "{text} TODO: say when the refund reference arrives."
            )),
        });
        self.apply_pending();
        self.selected = Some(node.clone());
        self.view.focus = Some(node.clone());
        let Ok(loaded) = &self.proven else { return };
        let scenario = &loaded.main().scenario;
        let Some(id) = scenario.node_names.iter().position(|n| *n == node) else { return };
        let start = crate::engine::model::State { node: id as u32, mood: scenario.file.mood.clamped(), flags: 0 };
        let after = scenario.step(start, reply).next;
        let choice = scenario.choice(start.node, reply);
        self.playtest.start = Some(start);
        self.playtest.taken = vec![playtest::Taken {
            node: node.clone(),
            reply,
            text: choice.text.clone(),
            points: choice.points,
            after,
        }];
    }

    /// Waits until the form reader has learnt (for tests and scripted runs), then judges again.
    pub fn wait_for_reader(&mut self) {
        self.reader.wait();
        self.judge();
    }

    /// A node name not yet taken: `turn_2`, `turn_3`...
    pub fn fresh_name(&self, prefix: &str) -> String {
        let nodes = &self.document.file().nodes;
        (2..).map(|n| format!("{prefix}_{n}")).find(|name| !nodes.contains_key(name)).unwrap_or_default()
    }

    fn after_change(&mut self) {
        self.reprove();
        // Unsaved work survives a crash; failing to write it is said, not fatal.
        if self.document.path().is_some()
            && let Err(error) = self.document.autosave()
        {
            self.notice = Some((true, format!("Could not keep a recovery copy: {error}")));
        }
    }

    pub fn undo(&mut self) {
        if self.document.undo() {
            self.drafts.clear();
            self.after_change();
        }
    }

    pub fn redo(&mut self) {
        if self.document.redo() {
            self.drafts.clear();
            self.after_change();
        }
    }

    pub fn save(&mut self) {
        self.notice = Some(match self.document.save() {
            Ok(()) => {
                self.saves += 1;
                (false, format!("Saved {}.", self.document.file_name()))
            }
            Err(error) => (true, format!("Not saved: {error}")),
        });
    }

    /// The studio, drawn into `ui`; Ctrl+Z, Ctrl+Y (or Ctrl+Shift+Z) and Ctrl+S work when no
    /// text field has the keyboard (a field's own Ctrl+Z undoes its typing).
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<StudioRequest> {
        let mut request = None;
        if self.reader.poll() {
            self.judge();
        }
        if matches!(self.reader, Reader::Learning(_)) {
            // Keep drawing until the reader is ready, so its findings appear unasked.
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(200));
        }
        let typing = ui.ctx().memory(|m| m.focused().is_some());
        if !typing {
            let (undo, redo, save) = ui.ctx().input_mut(|i| {
                let redo = i.consume_key(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z)
                    || i.consume_key(egui::Modifiers::COMMAND, egui::Key::Y);
                (
                    i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z),
                    redo,
                    i.consume_key(egui::Modifiers::COMMAND, egui::Key::S),
                )
            });
            if undo {
                self.undo();
            }
            if redo {
                self.redo();
            }
            if save {
                self.save();
            }
        }
        self.top_bar(ui, &mut request);
        egui::Panel::right("studio-side").resizable(true).default_size(470.0).min_size(360.0).show(ui, |ui| {
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                self.judgement(ui);
                ui.separator();
                self.find(ui, &mut request);
                settings::panel(self, ui);
                ui.separator();
                form::confirm_dialog(self, ui);
                form::node_form(self, ui);
            });
        });
        // The playtest under the graph, so a step and the node it leaves are seen together.
        egui::Panel::bottom("studio-playtest").resizable(true).default_size(230.0).min_size(120.0).show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("studio-playtest-scroll").auto_shrink([false, false]).show(ui, |ui| {
                playtest::panel(self, ui);
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            graph::draw(self, ui);
        });
        self.apply_pending();
        request
    }

    fn top_bar(&mut self, ui: &mut egui::Ui, request: &mut Option<StudioRequest>) {
        egui::Panel::top("studio-top").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(&self.document.file().title).size(20.0).strong());
                ui.label(egui::RichText::new(self.document.file_name()).color(theme::MUTED));
                if self.document.is_dirty() {
                    ui.colored_label(theme::WARNING, "● unsaved");
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("Back (Esc)").clicked() {
                        *request = Some(StudioRequest::Close);
                    }
                    if ui.add_enabled(self.document.is_dirty(), egui::Button::new("Save (Ctrl+S)")).clicked() {
                        self.save();
                    }
                    if ui.add_enabled(self.document.can_redo(), egui::Button::new("Redo (Ctrl+Y)")).clicked() {
                        self.redo();
                    }
                    if ui.add_enabled(self.document.can_undo(), egui::Button::new("Undo (Ctrl+Z)")).clicked() {
                        self.undo();
                    }
                });
            });
            if let Some((bad, notice)) = &self.notice {
                ui.colored_label(if *bad { theme::BAD } else { theme::GOOD }, notice);
            }
        });
    }

    /// The totals, every ending's points and the diagnostics, each a click from its node.
    fn judgement(&mut self, ui: &mut egui::Ui) {
        match &self.proven {
            Ok(loaded) => {
                let analysis = &loaded.main().analysis;
                let best = analysis.best.as_ref().map_or("none".into(), |p| p.total.to_string());
                let worst = analysis.worst.as_ref().map_or("none".into(), |p| p.total.to_string());
                ui.colored_label(
                    theme::GOOD,
                    format!(
                        "Sound · best {best} · worst {worst} · {}–{} turns",
                        analysis.min_turns, analysis.max_turns
                    ),
                );
            }
            Err(_) => {
                ui.colored_label(
                    theme::BAD,
                    "Not sound yet: trainees cannot play it until the errors below are fixed.",
                );
            }
        }
        let reader = match &self.reader {
            Reader::Learning(_) => "Form reader: learning from the library…",
            Reader::Ready(_) => {
                "Form reader: reading every change (a warning below when the form gives an answer away)"
            }
            Reader::Unavailable => "Form reader: no other scenario beside this one to learn from",
        };
        ui.label(egui::RichText::new(reader).small().color(theme::MUTED));
        let reached: Vec<String> = match &self.proven {
            Ok(loaded) => {
                let main = loaded.main();
                main.analysis.endings.iter().map(|&id| main.scenario.node_names[id as usize].clone()).collect()
            }
            Err(_) => Vec::new(),
        };
        egui::CollapsingHeader::new("Endings").default_open(true).show(ui, |ui| {
            for (name, node) in &self.document.file().nodes {
                if let crate::engine::scenario::Node::End { outcome, points, .. } = node {
                    ui.horizontal(|ui| {
                        ui.colored_label(graph::outcome_colour(*outcome), "■");
                        let text = format!("{name}: {} · {points} points", outcome.label());
                        if ui.link(text).clicked() {
                            self.selected = Some(name.clone());
                            self.view.focus = Some(name.clone());
                        }
                        if !reached.is_empty() && !reached.contains(name) {
                            ui.colored_label(theme::WARNING, "never reached");
                        }
                    });
                }
            }
        });
        let (errors, warnings) = self
            .findings
            .iter()
            .fold((0, 0), |(e, w), f| if f.diagnostic.is_error() { (e + 1, w) } else { (e, w + 1) });
        egui::CollapsingHeader::new(format!("Diagnostics: {errors} error(s), {warnings} warning(s)"))
            .default_open(true)
            .show(ui, |ui| {
                if self.findings.is_empty() {
                    ui.colored_label(theme::GOOD, "Nothing to fix.");
                }
                for finding in &self.findings {
                    let colour = if finding.diagnostic.is_error() { theme::BAD } else { theme::WARNING };
                    ui.horizontal_wrapped(|ui| {
                        ui.colored_label(colour, format!("{}:", finding.diagnostic.code));
                        ui.label(&finding.diagnostic.message);
                    });
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new(&finding.at).small().color(theme::MUTED));
                        if let Some(node) = &finding.node
                            && ui.small_button(format!("Go to {node}")).clicked()
                        {
                            self.selected = Some(node.clone());
                            self.view.focus = Some(node.clone());
                        }
                    });
                    for note in &finding.diagnostic.notes {
                        ui.label(egui::RichText::new(format!("  {note}")).small().color(theme::MUTED));
                    }
                }
            });
    }

    /// The folder this scenario lives in (the scenarios folder for one not yet saved).
    fn folder(&self) -> PathBuf {
        self.document
            .path()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(crate::authoring::load::default_scenarios_dir)
    }

    /// Search across the folder: a word, a strategy id or a flag; a click on a place opens
    /// it (this file's node, or another file in the studio).
    fn find(&mut self, ui: &mut egui::Ui, request: &mut Option<StudioRequest>) {
        egui::CollapsingHeader::new("Find in the scenarios folder").id_salt("studio-find").show(ui, |ui| {
            ui.horizontal(|ui| {
                let field = ui.add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text("words, a strategy id or a flag")
                        .desired_width(260.0)
                        .id_salt("studio-find-text"),
                );
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Find").clicked() || entered {
                    self.hits = search(&self.folder(), &self.search);
                    if self.hits.is_empty() {
                        self.notice = Some((false, format!("Nothing in the folder uses \"{}\".", self.search.trim())));
                    }
                }
            });
            let here = self.document.path().map(Path::to_path_buf);
            let mut open = None;
            for hit in self.hits.iter().take(SHOWN_HITS) {
                let file = hit.file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                let node = hit.node.as_deref().map_or_else(String::new, |n| format!(" `{n}`"));
                let text = format!("{file}{node}: {}: {}", hit.place, hit.excerpt);
                if ui.link(text).clicked() {
                    open = Some(hit.clone());
                }
            }
            if self.hits.len() > SHOWN_HITS {
                ui.label(egui::RichText::new(format!("and {} more", self.hits.len() - SHOWN_HITS)).small());
            }
            if let Some(hit) = open {
                let same = here.as_ref().is_some_and(|p| same_file(p, &hit.file));
                match (same, hit.node) {
                    (true, Some(node)) => {
                        self.view.focus = Some(node.clone());
                        self.selected = Some(node);
                    }
                    (true, None) => {}
                    (false, node) => *request = Some(StudioRequest::Open(hit.file, node)),
                }
            }
        });
    }

    /// The text of a field: what is being typed, else the document's value. Returns the
    /// new value once the field lets go of the keyboard with a change.
    pub fn text_field(
        &mut self,
        ui: &mut egui::Ui,
        key: &str,
        label: &str,
        value: &str,
        multiline: bool,
    ) -> Option<String> {
        let mut text = self.drafts.get(key).cloned().unwrap_or_else(|| value.to_owned());
        let row = ui.label(egui::RichText::new(label).small().color(theme::MUTED));
        let edit = if multiline {
            egui::TextEdit::multiline(&mut text).desired_rows(2)
        } else {
            egui::TextEdit::singleline(&mut text)
        };
        let response = ui.add(edit.desired_width(f32::INFINITY).id_salt(key)).labelled_by(row.id);
        if response.changed() {
            self.drafts.insert(key.to_owned(), text.clone());
        }
        if response.lost_focus()
            && let Some(draft) = self.drafts.remove(key)
            && draft != value
        {
            return Some(draft);
        }
        None
    }
}
