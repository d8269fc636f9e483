//! The "My practice" chart, drawn on the server as SVG: no JavaScript, readable by screen
//! readers (a title per bar), and crisp at any width.

use std::fmt::Write;

use microlead_core::practice::Practice;

const ROW: f64 = 26.0;
const LABEL_W: f64 = 300.0;
const BAR_W: f64 = 300.0;

/// Bars for each principle, then each act under its principle, strength 0–100 %.
pub fn practice_svg(p: &Practice) -> String {
    let rows = p.principles.len() + p.acts.len();
    let height = ROW * rows as f64 + 10.0;
    let width = LABEL_W + BAR_W + 60.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-labelledby=\"practice-title\" class=\"chart\">\
         <title id=\"practice-title\">Practice strength per principle and act</title>"
    );
    let mut y = 4.0;
    for pr in &p.principles {
        bar(&mut svg, y, pr.title, pr.strength, true);
        y += ROW;
        for act in p.acts.iter().filter(|a| a.principle == pr.principle) {
            bar(&mut svg, y, &act.name, act.strength, false);
            y += ROW;
        }
    }
    svg.push_str("</svg>");
    svg
}

fn bar(svg: &mut String, y: f64, label: &str, strength: f64, heading: bool) {
    let pct = (strength.clamp(0.0, 1.0) * 100.0).round();
    let w = BAR_W * strength.clamp(0.0, 1.0);
    let label = escape(label);
    let (class, indent) = if heading {
        ("principle", 0.0)
    } else {
        ("act", 14.0)
    };
    let _ = write!(
        svg,
        "<g class=\"{class}\"><title>{label}: {pct} %</title>\
         <text x=\"{indent}\" y=\"{ty}\">{label}</text>\
         <rect class=\"track\" x=\"{LABEL_W}\" y=\"{y}\" width=\"{BAR_W}\" height=\"16\" rx=\"4\"/>\
         <rect class=\"fill\" x=\"{LABEL_W}\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" rx=\"4\"/>\
         <text x=\"{tx}\" y=\"{ty}\">{pct} %</text></g>",
        ty = y + 13.0,
        tx = LABEL_W + BAR_W + 8.0,
    );
}

/// One speaker's bar in a meeting chart.
pub struct SpeakerBar<'a> {
    pub name: &'a str,
    pub share: f64,
    pub quiet: bool,
}

/// Airtime (or words) share per speaker, in the order people are listed (never sorted by
/// share: this is a picture of balance, not a ranking).
pub fn meeting_bars_svg(bars: &[SpeakerBar<'_>]) -> String {
    let height = ROW * bars.len() as f64 + 10.0;
    let width = LABEL_W + BAR_W + 60.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-labelledby=\"bars-title\" class=\"chart\"><title id=\"bars-title\">Share of the meeting per person</title>"
    );
    for (i, b) in bars.iter().enumerate() {
        let label = if b.quiet {
            format!("{} (quiet)", b.name)
        } else {
            b.name.to_owned()
        };
        bar(&mut svg, 4.0 + ROW * i as f64, &label, b.share, false);
    }
    svg.push_str("</svg>");
    svg
}

/// Who spoke when: one lane per speaker, a mark per speaking segment.
pub fn timeline_svg(names: &[&str], segments: &[(usize, f64, f64)], duration: f64) -> String {
    let lane = 22.0;
    let height = lane * names.len() as f64 + 24.0;
    let span = BAR_W + 150.0;
    let width = LABEL_W + span + 10.0;
    let start = segments.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
    let start = if start.is_finite() { start } else { 0.0 };
    let total = duration.max(1.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-labelledby=\"tl-title\" class=\"chart timeline\"><title id=\"tl-title\">Who spoke when</title>"
    );
    for (i, name) in names.iter().enumerate() {
        let y = 4.0 + lane * i as f64;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\">{}</text><rect class=\"track\" x=\"{LABEL_W}\" y=\"{y}\" width=\"{span}\" height=\"14\"/>",
            y + 12.0,
            escape(name)
        );
    }
    for (i, s, e) in segments {
        if *i >= names.len() {
            continue;
        }
        let x = LABEL_W + span * ((s - start) / total).clamp(0.0, 1.0);
        let w = (span * ((e - s) / total)).max(1.0);
        let y = 4.0 + lane * *i as f64;
        let _ = write!(
            svg,
            "<rect class=\"fill\" x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"14\"/>"
        );
    }
    let minutes = total / 60.0;
    let _ = write!(
        svg,
        "<text x=\"{LABEL_W}\" y=\"{}\">0 min</text><text x=\"{}\" y=\"{}\">{minutes:.0} min</text>",
        height - 4.0,
        LABEL_W + span - 40.0,
        height - 4.0
    );
    svg.push_str("</svg>");
    svg
}

/// Minimal escaping for the SVG we build by hand (templates escape on their own).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use microlead_core::catalog::builtin_acts;
    use microlead_core::practice::{PracticeParams, practice};
    use time::macros::date;

    #[test]
    fn one_bar_per_principle_and_act_with_escaped_labels() {
        let mut acts = builtin_acts();
        acts[0].name = "Ask <quiet> & heard".into();
        let entries = vec![(acts[0].slug.clone(), date!(2026 - 01 - 05))];
        let p = practice(
            &acts,
            &entries,
            &[],
            date!(2026 - 01 - 01),
            date!(2026 - 01 - 06),
            &PracticeParams::default(),
        );
        let svg = practice_svg(&p);
        assert_eq!(svg.matches("class=\"fill\"").count(), acts.len() + 3);
        assert!(svg.contains("Ask &lt;quiet&gt; &amp; heard"));
        assert!(!svg.contains("<quiet>"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
