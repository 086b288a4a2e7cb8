//! The knowledge files read and cross-checked: the built-in catalogue and DISC weights, or a
//! trainer's own `strategies.ron` and `disc.ron`.

use crate::authoring::files::read_capped;
use crate::authoring::load::MAX_FILE_BYTES;
use crate::authoring::ron::parse_ron;
use crate::authoring::spans::SpanIndex;
use crate::engine::catalogue::{Catalogue, Knowledge, StrategyKind, TAILOR_TO_STYLE};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::disc::{DiscStyle, DiscTable};
use std::path::Path;

/// The catalogue shipped with Hard Call, compiled in so the binary works from any folder.
pub const BUILTIN_STRATEGIES: &str = include_str!("../../assets/strategies.ron");
/// The DISC weights shipped with Hard Call.
pub const BUILTIN_DISC: &str = include_str!("../../assets/disc.ron");

/// The largest weight, either way, a style may give a strategy: ten times the catalogue.
pub const MAX_WEIGHT: i32 = 1000;

impl Knowledge {
    /// The shipped knowledge. It is checked by the test suite, so failing here is a build bug.
    pub fn builtin() -> Knowledge {
        Knowledge::from_sources("assets/strategies.ron", BUILTIN_STRATEGIES, "assets/disc.ron", BUILTIN_DISC)
            .unwrap_or_else(|diagnostics| {
                let text: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
                panic!("the built-in strategy catalogue is invalid: {}", text.join("; "))
            })
    }

    /// Loads `strategies.ron` and `disc.ron` from a folder (a trainer's own assets).
    pub fn load_dir(dir: &Path) -> Result<Knowledge, Vec<(String, String, Vec<Diagnostic>)>> {
        let mut failures = Vec::new();
        let mut read = |name: &str| -> Option<(String, String)> {
            let path = dir.join(name);
            let label = path.display().to_string();
            let text = read_capped(&path, MAX_FILE_BYTES).and_then(|bytes| {
                String::from_utf8(bytes).map_err(|err| {
                    format!("{label} is not UTF-8 text (byte {} is not valid)", err.utf8_error().valid_up_to() + 1)
                })
            });
            match text {
                Ok(text) => Some((label, text)),
                Err(message) => {
                    failures.push((label.clone(), String::new(), vec![Diagnostic::error("io", message)]));
                    None
                }
            }
        };
        let strategies = read("strategies.ron");
        let disc = read("disc.ron");
        let (Some((s_name, s_src)), Some((d_name, d_src))) = (strategies, disc) else {
            return Err(failures);
        };
        Knowledge::from_sources(&s_name, &s_src, &d_name, &d_src).map_err(|diagnostics| {
            let (strategy_diags, disc_diags): (Vec<_>, Vec<_>) =
                diagnostics.into_iter().partition(|d| d.file == s_name);
            let mut out = Vec::new();
            if !strategy_diags.is_empty() {
                out.push((s_name.clone(), s_src.clone(), strategy_diags));
            }
            if !disc_diags.is_empty() {
                out.push((d_name.clone(), d_src.clone(), disc_diags));
            }
            out
        })
    }

    /// Parses and cross-checks the two files: every weight names a known strategy, ids are
    /// unique, anti-patterns cost points and strategies earn them.
    pub fn from_sources(
        strategies_name: &str,
        strategies_src: &str,
        disc_name: &str,
        disc_src: &str,
    ) -> Result<Knowledge, Vec<Diagnostic>> {
        let catalogue = parse_ron::<Catalogue>(strategies_name, strategies_src);
        let disc = parse_ron::<DiscTable>(disc_name, disc_src);
        let (catalogue, disc) = match (catalogue, disc) {
            (Ok(c), Ok(d)) => (c, d),
            (c, d) => {
                let mut all = c.err().unwrap_or_default();
                all.extend(d.err().unwrap_or_default());
                return Err(all);
            }
        };
        let mut diagnostics = Vec::new();
        let strategy_spans = SpanIndex::build(strategies_src);
        for (i, strategy) in catalogue.strategies.iter().enumerate() {
            let at = |field: &str| strategy_spans.value(&["strategies".into(), i.into(), field.into()]);
            if catalogue.strategies[..i].iter().any(|s| s.id == strategy.id) {
                diagnostics.push(
                    Diagnostic::error("duplicate-strategy", format!("strategy `{}` is defined twice", strategy.id))
                        .in_file(strategies_name)
                        .at(at("id"), "defined again here"),
                );
            }
            let wrong_sign = match strategy.kind {
                StrategyKind::Strategy => strategy.points <= 0,
                StrategyKind::AntiPattern => strategy.points >= 0,
            };
            if wrong_sign {
                diagnostics.push(
                    Diagnostic::error(
                        "strategy-points-sign",
                        format!(
                            "`{}` is a{} but its points are {}",
                            strategy.id,
                            if strategy.kind == StrategyKind::Strategy { " strategy" } else { "n anti-pattern" },
                            strategy.points
                        ),
                    )
                    .in_file(strategies_name)
                    .at(at("points"), "strategies earn points (> 0), anti-patterns cost points (< 0)"),
                );
            }
            if strategy.sources.is_empty() {
                diagnostics.push(
                    Diagnostic::error("strategy-without-source", format!("`{}` names no source document", strategy.id))
                        .in_file(strategies_name)
                        .at(at("sources"), "every strategy must trace back to the documents"),
                );
            }
        }
        let disc_spans = SpanIndex::build(disc_src);
        if !(0..=100).contains(&disc.secondary_share) {
            diagnostics.push(
                Diagnostic::error("secondary-share", "`secondary_share` must be a percentage from 0 to 100")
                    .in_file(disc_name)
                    .at(disc_spans.value(&["secondary_share".into()]), "out of range"),
            );
        }
        for style in DiscStyle::ALL {
            let Some(sheet) = disc.styles.get(&style) else {
                diagnostics.push(
                    Diagnostic::error("missing-style", format!("no weights for the {style} style"))
                        .in_file(disc_name)
                        .at(disc_spans.value(&["styles".into()]), "every DISC style needs an entry"),
                );
                continue;
            };
            for (id, weight) in &sheet.weights {
                let key_path =
                    ["styles".into(), style.to_string().as_str().into(), "weights".into(), id.as_str().into()];
                if catalogue.get(id.as_str()).is_none() {
                    let known: Vec<&str> = catalogue.strategies.iter().map(|s| s.id.as_str()).collect();
                    diagnostics.push(
                        Diagnostic::error(
                            "unknown-strategy",
                            format!("unknown strategy `{id}` in the {style} weights"),
                        )
                        .in_file(disc_name)
                        .at(disc_spans.key(&key_path), "not in the strategy catalogue")
                        .suggest(id.as_str(), &known),
                    );
                }
                if id.as_str() == TAILOR_TO_STYLE {
                    diagnostics.push(
                        Diagnostic::error(
                            "derived-weight",
                            format!("`{TAILOR_TO_STYLE}` is worked out from the other weights, so it takes none"),
                        )
                        .in_file(disc_name)
                        .at(disc_spans.key(&key_path), "remove this weight")
                        .note("a reply is tailored when the style weighs its strategies above the catalogue; weighing the result again would count the fit twice"),
                    );
                }
                // Negative weights are allowed: a reply can land badly on one style (a long
                // sympathy speech to a Dominant customer) and well on another.
                let range = -MAX_WEIGHT..=MAX_WEIGHT;
                if !range.contains(&weight.points) || !range.contains(&weight.mood) {
                    diagnostics.push(
                        Diagnostic::error(
                            "weight-range",
                            format!("weight for `{id}` must be a percentage from -{MAX_WEIGHT} to {MAX_WEIGHT}"),
                        )
                        .in_file(disc_name)
                        .at(disc_spans.value(&key_path), "out of range"),
                    );
                }
            }
        }
        if diagnostics.is_empty() { Ok(Knowledge { catalogue, disc }) } else { Err(diagnostics) }
    }
}
