//! PLOVER records, as a JSON array with one record per line (the shape of
//! PLOVER's own gold-standard file, and still greppable line by line).
//! Field names follow the PLOVER specification (`event`, `mode`,
//! `source`/`target` as lists of `{actorText, code, sector}`, `eventText`,
//! `text`); Dragoman adds its own as extra fields. Events whose CAMEO code
//! has no PLOVER type (roots 01 and 02) are left out and counted.

use super::{ExportError, Written};
use crate::{outlet, EventGroup};
use dragoman_core::ActorRef;
use serde_json::{json, Value};
use std::io::Write;

fn actors(a: Option<&ActorRef>) -> Value {
    match a {
        None => json!([]),
        Some(a) => json!([{
            "actorText": a.text,
            "code": a.country.clone().unwrap_or_else(|| a.code.prefix().to_string()),
            "sector": a.code.plover_sector(),
            "cameoCode": a.code.as_str(),
            "entity": a.entity,
        }]),
    }
}

pub(super) fn write(groups: &[EventGroup], out: &mut dyn Write) -> Result<Written, ExportError> {
    let mut written = Written::default();
    out.write_all(b"[\n")?;
    for g in groups {
        let e = &g.event;
        let Some(plover) = &e.plover else {
            written.left_out += 1;
            continue;
        };
        let record = json!({
            "id": e.id,
            "date": e.date.as_ref().map(|d| d.start.to_string()),
            "dateEnd": e.date.as_ref().map(|d| d.end.to_string()),
            "datePrecision": e.date.as_ref().map(|d| d.precision.as_str()),
            "source": actors(e.source.as_ref()),
            "target": actors(e.target.as_ref()),
            "event": plover.event_type,
            "mode": plover.mode,
            "context": Value::Null,
            "eventText": e.trigger.text,
            "text": e.sentence.text,
            "language": "en",
            "publication": outlet(e.document.url.as_deref(), e.document.source.as_deref()),
            "url": e.document.url,
            "title": e.document.title,
            "published": e.document.published.map(|d| d.to_rfc3339()),
            "location": e.place,
            "cameo": e.cameo.code.as_str(),
            "goldstein": e.goldstein.map(super::widen),
            "negated": e.negated,
            "modality": e.modality.as_str(),
            "confidence": super::widen(e.confidence),
            "numMentions": g.mentions,
            "numSources": g.sources,
            "numArticles": g.articles,
            "provenance": e.provenance,
        });
        if written.records > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *out, &record).map_err(std::io::Error::other)?;
        written.records += 1;
    }
    out.write_all(b"\n]\n")?;
    Ok(written)
}
