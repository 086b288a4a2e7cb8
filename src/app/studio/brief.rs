//! A new scenario from a brief: the trainer says who the customer is, how they come across,
//! where the conversation happens, what went wrong and what the agent may do; the studio
//! writes a sound skeleton (`authoring::template::skeleton`) into the scenarios folder, never
//! over an existing file, and opens it. Drawn as one egui function over a [`BriefForm`] so
//! egui_kittest drives it by clicks and keys.

use crate::app::theme;
use crate::authoring::files::write_new_text;
use crate::authoring::template::{Brief, skeleton, slug};
use crate::engine::disc::DiscStyle;
use crate::engine::scenario::{Channel, Difficulty};
use bevy_egui::egui;
use std::path::{Path, PathBuf};

/// The brief being written, and where the file will go.
pub struct BriefForm {
    pub folder: PathBuf,
    pub name: String,
    pub customer: String,
    pub main: DiscStyle,
    /// The other personalities the customer can be played with.
    pub also: Vec<DiscStyle>,
    pub channel: Channel,
    pub difficulty: Difficulty,
    pub situation: String,
    pub may_do: String,
    /// Why the last try did not write the file.
    pub problems: Vec<String>,
}

/// What the form asks of the screen hosting it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BriefRequest {
    /// The skeleton is written here: open it.
    Open(PathBuf),
    Cancel,
}

impl BriefForm {
    pub fn new(folder: PathBuf) -> BriefForm {
        BriefForm {
            folder,
            name: String::new(),
            customer: String::new(),
            main: DiscStyle::Steady,
            also: Vec::new(),
            channel: Channel::Phone,
            difficulty: Difficulty::Medium,
            situation: String::new(),
            may_do: String::new(),
            problems: Vec::new(),
        }
    }

    pub fn brief(&self) -> Brief {
        let mut styles = vec![self.main];
        styles.extend(self.also.iter().copied().filter(|s| *s != self.main));
        Brief {
            name: self.name.clone(),
            customer: self.customer.clone(),
            styles,
            channel: self.channel,
            difficulty: self.difficulty,
            situation: self.situation.clone(),
            may_do: self.may_do.clone(),
        }
    }

    /// The file the skeleton goes to.
    pub fn path(&self) -> PathBuf {
        self.folder.join(format!("{}.ron", slug(&self.name)))
    }

    /// Writes the skeleton, or says in `problems` why not. Never writes over a file.
    pub fn write(&mut self) -> Option<PathBuf> {
        let brief = self.brief();
        self.problems = brief.problems();
        if !self.problems.is_empty() {
            return None;
        }
        let path = self.path();
        match write_new(&path, &skeleton(&brief)) {
            Ok(()) => Some(path),
            Err(problem) => {
                self.problems = vec![problem];
                None
            }
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<BriefRequest> {
        let mut request = None;
        theme::heading(ui, "A new scenario from a brief");
        ui.label(
            egui::RichText::new(
                "Say who the customer is and what went wrong; the studio writes a sound skeleton with a TODO wherever a line is still to write, and opens it.",
            )
            .color(theme::MUTED),
        );
        ui.add_space(6.0);
        egui::Grid::new("brief-grid").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
            field(ui, "Scenario name", &mut self.name, false);
            ui.end_row();
            field(ui, "Customer's name", &mut self.customer, false);
            ui.end_row();
            ui.label("Personality");
            ui.horizontal_wrapped(|ui| {
                egui::ComboBox::from_id_salt("brief-main").selected_text(self.main.to_string()).show_ui(ui, |ui| {
                    for style in DiscStyle::ALL {
                        ui.selectable_value(&mut self.main, style, style.to_string());
                    }
                });
                ui.label("also played as");
                for style in DiscStyle::ALL.into_iter().filter(|s| *s != self.main) {
                    let mut on = self.also.contains(&style);
                    if ui.checkbox(&mut on, style.to_string()).changed() {
                        self.also.retain(|s| *s != style);
                        if on {
                            self.also.push(style);
                        }
                    }
                }
            });
            ui.end_row();
            ui.label("Channel");
            ui.horizontal(|ui| {
                for channel in Channel::ALL {
                    ui.radio_value(&mut self.channel, channel, channel.label());
                }
            });
            ui.end_row();
            ui.label("Difficulty");
            ui.horizontal(|ui| {
                for difficulty in Difficulty::ALL {
                    ui.radio_value(&mut self.difficulty, difficulty, format!("{difficulty:?}"));
                }
            });
            ui.end_row();
            field(ui, "What went wrong", &mut self.situation, true);
            ui.end_row();
            field(ui, "What the agent may do", &mut self.may_do, true);
            ui.end_row();
        });
        ui.add_space(6.0);
        if !slug(&self.name).is_empty() {
            ui.label(egui::RichText::new(format!("It will be written to {}", self.path().display())).small());
        }
        for problem in &self.problems {
            ui.colored_label(theme::BAD, problem);
        }
        ui.horizontal(|ui| {
            if ui.button("Write the skeleton and open it").clicked()
                && let Some(path) = self.write()
            {
                request = Some(BriefRequest::Open(path));
            }
            if ui.button("Cancel").clicked() {
                request = Some(BriefRequest::Cancel);
            }
        });
        request
    }
}

fn field(ui: &mut egui::Ui, label: &str, value: &mut String, multiline: bool) {
    let name = ui.label(label);
    let edit =
        if multiline { egui::TextEdit::multiline(value).desired_rows(2) } else { egui::TextEdit::singleline(value) };
    ui.add(edit.desired_width(520.0)).labelled_by(name.id);
}

/// Writes the skeleton to a new file, in words a trainer can act on when it cannot.
fn write_new(path: &Path, text: &str) -> Result<(), String> {
    write_new_text(path, text).map_err(|err| match err.kind() {
        std::io::ErrorKind::AlreadyExists => format!("{} already exists: choose another name.", path.display()),
        _ => format!("Cannot write {}: {err}", path.display()),
    })
}
