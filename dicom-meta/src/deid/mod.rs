//! De-identification following the Basic Application Level Confidentiality Profile of
//! PS3.15 Annex E, as a pure transform of owned data sets.
//!
//! The action for each attribute comes from Table E.1-1, generated into `table.rs` by
//! `codegen/gen_deid.py`. Private attributes are removed (the profile's default, without the
//! Retain Safe Private option), and UIDs are replaced deterministically for a given key:
//! the same UID and key always give the same new UID, so references between the instances
//! of a study stay consistent.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::owned::{OwnedDataSet, OwnedElement, OwnedFile, Value};
use crate::render::MAX_DEPTH;
use crate::{Tag, Vr};

mod sha256;
#[rustfmt::skip]
mod table;

/// A Basic Profile action of PS3.15 Table E.1-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// D: replace with a non-empty dummy value of the same VR.
    Dummy,
    /// Z: replace with an empty value.
    Zero,
    /// X: remove.
    Remove,
    /// K: keep.
    Keep,
    /// U: replace each UID with one derived from it and the key.
    Uid,
    /// Z/D: Z unless D is needed for IOD conformance; done as D.
    ZeroOrDummy,
    /// X/Z: X unless Z is needed for IOD conformance; done as Z (the attribute stays, empty).
    RemoveOrZero,
    /// X/D: done as D.
    RemoveOrDummy,
    /// X/Z/D: done as D.
    RemoveOrZeroOrDummy,
    /// X/Z/U*: for a sequence, kept with the UIDs inside replaced; otherwise Z.
    RemoveOrZeroOrUids,
}

/// The Basic Profile action for an attribute: Table E.1-1, then private attributes (odd
/// groups) removed, then everything else kept.
///
/// ```
/// use dicom_meta::{deid::{action, Action}, tags, Tag};
/// assert_eq!(action(tags::PatientName), Action::Zero);
/// assert_eq!(action(tags::StudyInstanceUID), Action::Uid);
/// assert_eq!(action(tags::PatientBirthDate), Action::Zero);
/// assert_eq!(action(tags::OtherPatientIDs), Action::Remove);
/// assert_eq!(action(Tag::new(0x6002, 0x3000)), Action::Remove); // overlay data, any 60xx
/// assert_eq!(action(Tag::new(0x0029, 0x1010)), Action::Remove); // private
/// assert_eq!(action(tags::Modality), Action::Keep);
/// ```
pub fn action(tag: Tag) -> Action {
    if let Ok(i) = table::ACTIONS.binary_search_by_key(&tag.0, |&(t, _)| t)
        && let Some(&(_, a)) = table::ACTIONS.get(i)
    {
        return a;
    }
    for &(t, mask, a) in &table::MASKED {
        if tag.0 & mask == t {
            return a;
        }
    }
    if tag.is_private() {
        return Action::Remove;
    }
    Action::Keep
}

/// A UID replaced for key `key`: `2.25.` followed by the decimal value of the first 128 bits
/// of HMAC-SHA-256(key, uid) (PS3.5 B.2: a UUID-derived UID; at most 44 characters).
///
/// ```
/// let a = dicom_meta::deid::replace_uid("1.2.826.0.1.3680043.8.498.1", b"secret");
/// assert!(a.starts_with("2.25.") && a.len() <= 44);
/// assert_eq!(a, dicom_meta::deid::replace_uid("1.2.826.0.1.3680043.8.498.1", b"secret"));
/// assert_ne!(a, dicom_meta::deid::replace_uid("1.2.826.0.1.3680043.8.498.1", b"other"));
/// ```
pub fn replace_uid(uid: &str, key: &[u8]) -> String {
    let mac = sha256::hmac(key, uid.as_bytes());
    let mut n = [0u8; 16];
    n.copy_from_slice(&mac[..16]);
    let mut out = String::from("2.25.");
    let _ = write!(out, "{}", u128::from_be_bytes(n));
    out
}

/// What a de-identification did.
///
/// ```
/// use dicom_meta::{deid, OwnedDataSet, Vr, tags};
/// let mut ds = OwnedDataSet::new();
/// ds.put_str(tags::PatientBirthDate, Vr::DA, "19800102");
/// let r = deid::deidentify(&mut ds, b"k");
/// assert_eq!((r.removed, r.replaced, r.uids), (0, 1, 0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Report {
    /// Attributes removed.
    pub removed: usize,
    /// Attributes emptied or given dummy values.
    pub replaced: usize,
    /// UIDs replaced.
    pub uids: usize,
}

/// The code of (0012,0064) De-identification Method Code Sequence for this profile
/// (CID 7050: 113100, DCM, "Basic Application Confidentiality Profile").
const METHOD: &str = "Basic Application Confidentiality Profile";

/// De-identifies a data set with the Basic Profile: every attribute at every depth gets
/// its [`action`]; UIDs are replaced with [`replace_uid`] under `key`. Patient Identity
/// Removed (0012,0062) is set to `YES` and De-identification Method (0012,0063) and its
/// code sequence (0012,0064) name the profile.
///
/// ```
/// use dicom_meta::{deid, OwnedDataSet, Vr, tags};
/// let mut ds = OwnedDataSet::new();
/// ds.put_str(tags::PatientName, Vr::PN, "Doe^Jane");
/// ds.put_str(tags::PatientID, Vr::LO, "12345");
/// ds.put_str(tags::OtherPatientIDs, Vr::LO, "999");
/// ds.put_str(tags::StudyInstanceUID, Vr::UI, "1.2.3");
/// ds.put_str(tags::Modality, Vr::CS, "CT");
/// let report = deid::deidentify(&mut ds, b"key");
/// assert_eq!(ds.get(tags::PatientName).unwrap().bytes(), Some(&b""[..]));
/// assert_eq!(ds.get(tags::PatientID).unwrap().text(), Some("ANONYMIZED"));
/// assert!(ds.get(tags::OtherPatientIDs).is_none());
/// assert_eq!(ds.get(tags::StudyInstanceUID).unwrap().text(), Some(deid::replace_uid("1.2.3", b"key").as_str()));
/// assert_eq!(ds.get(tags::Modality).unwrap().text(), Some("CT"));
/// assert_eq!(ds.get(tags::PatientIdentityRemoved).unwrap().text(), Some("YES"));
/// assert_eq!((report.removed, report.uids), (1, 1));
/// ```
pub fn deidentify(ds: &mut OwnedDataSet, key: &[u8]) -> Report {
    let mut report = Report::default();
    level(ds, key, 0, &mut report);
    ds.put_str(Tag::new(0x0012, 0x0062), Vr::CS, "YES");
    ds.put_str(Tag::new(0x0012, 0x0063), Vr::LO, METHOD);
    let mut code = OwnedDataSet::new();
    code.put_str(Tag::new(0x0008, 0x0100), Vr::SH, "113100");
    code.put_str(Tag::new(0x0008, 0x0102), Vr::SH, "DCM");
    code.put_str(Tag::new(0x0008, 0x0104), Vr::LO, METHOD);
    ds.put_items(Tag::new(0x0012, 0x0064), alloc::vec![code]);
    report
}

impl OwnedFile {
    /// De-identifies the data set with [`deidentify`](crate::deid::deidentify) and the file
    /// meta information with the same key (so that Media Storage SOP Instance UID still
    /// equals the new SOP Instance UID).
    ///
    /// ```
    /// use dicom_meta::{DicomFile, OwnedFile, TransferSyntax, WriteOptions};
    /// # let input = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/explicit_le.dcm")).to_vec();
    /// let mut file = OwnedFile::from_file(&DicomFile::parse(&input)?)?;
    /// file.deidentify(b"project key");
    /// let out = file.write(TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN, &WriteOptions::new())?;
    /// let back = DicomFile::parse(&out)?;
    /// assert_eq!(back.get("PatientName")?.unwrap().text()?, "");
    /// assert_eq!(back.get("SOPInstanceUID")?.unwrap().uid()?, back.get("MediaStorageSOPInstanceUID")?.unwrap().uid()?);
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn deidentify(&mut self, key: &[u8]) -> Report {
        let mut report = Report::default();
        level(&mut self.meta, key, 0, &mut report);
        let data = deidentify(&mut self.data, key);
        report.removed += data.removed;
        report.replaced += data.replaced;
        report.uids += data.uids;
        report
    }
}

fn level(ds: &mut OwnedDataSet, key: &[u8], depth: u32, report: &mut Report) {
    let mut remove = Vec::new();
    for el in ds.elements_mut() {
        let a = action(el.tag);
        let is_seq = el.vr == Vr::SQ || matches!(el.value, Value::Items(_));
        match a {
            Action::Keep => {}
            Action::Remove => remove.push(el.tag),
            Action::Zero | Action::RemoveOrZero => {
                el.value = if is_seq {
                    Value::Items(Vec::new())
                } else {
                    Value::Empty
                };
                report.replaced += 1;
            }
            Action::Uid => {
                if let Value::Bytes(b) = &el.value {
                    el.value = Value::Bytes(uids(b, key, report));
                }
                continue;
            }
            Action::RemoveOrZeroOrUids if !is_seq => {
                el.value = Value::Empty;
                report.replaced += 1;
            }
            Action::RemoveOrZeroOrUids => {}
            Action::Dummy
            | Action::ZeroOrDummy
            | Action::RemoveOrDummy
            | Action::RemoveOrZeroOrDummy => {
                if !is_seq {
                    el.value = Value::Bytes(dummy(el, key));
                    report.replaced += 1;
                }
            }
        }
        // Sequences that stay: their items are de-identified too; beyond the nesting
        // limit their content is dropped rather than left unchecked.
        if let Value::Items(items) = &mut el.value
            && a != Action::Remove
        {
            if depth >= MAX_DEPTH {
                items.clear();
                report.removed += 1;
            }
            for item in items {
                level(item, key, depth + 1, report);
            }
        }
    }
    report.removed += remove.len();
    for t in remove {
        ds.remove(t);
    }
}

/// Each backslash-separated UID replaced (empty values stay empty).
fn uids(b: &[u8], key: &[u8], report: &mut Report) -> Vec<u8> {
    let mut out = Vec::new();
    for (n, v) in b.split(|&c| c == b'\\').enumerate() {
        if n > 0 {
            out.push(b'\\');
        }
        let end = v
            .iter()
            .rposition(|&c| c != 0 && c != b' ')
            .map_or(0, |e| e + 1);
        let v = &v[..end];
        if v.is_empty() {
            continue;
        }
        let uid = String::from_utf8_lossy(v);
        out.extend_from_slice(replace_uid(&uid, key).as_bytes());
        report.uids += 1;
    }
    out
}

/// A non-empty dummy value of the element's VR.
fn dummy(el: &OwnedElement, key: &[u8]) -> Vec<u8> {
    let text: &[u8] = match el.vr {
        Vr::AS => b"000Y",
        Vr::DA => b"19000101",
        Vr::DT => b"19000101000000",
        Vr::TM => b"000000",
        Vr::DS | Vr::IS => b"0",
        Vr::UR => b"urn:anonymized",
        Vr::UI => return replace_uid("", key).into_bytes(),
        vr if vr.is_string() => b"ANONYMIZED",
        vr => return alloc::vec![0; vr.number_size().unwrap_or(2).max(2)],
    };
    text.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_resolved() {
        assert!(table::ACTIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(action(Tag::new(0x0010, 0x0020)), Action::ZeroOrDummy);
        assert_eq!(action(Tag::new(0x0008, 0x1140)), Action::RemoveOrZeroOrUids);
        assert_eq!(action(Tag::new(0x5010, 0x3000)), Action::Remove);
        assert_eq!(action(Tag::new(0x0002, 0x0003)), Action::Uid);
        assert_eq!(action(Tag::new(0x0002, 0x0010)), Action::Keep);
    }

    #[test]
    fn nested_and_dummies() {
        let mut item = OwnedDataSet::new();
        item.put_str(Tag::new(0x0008, 0x1155), Vr::UI, "1.2.3\\1.2.4");
        item.put_str(Tag::new(0x0010, 0x0010), Vr::PN, "Doe");
        item.put_bytes(Tag::new(0x0029, 0x1001), Vr::LO, b"x".to_vec());
        let mut ds = OwnedDataSet::new();
        ds.put_items(Tag::new(0x0008, 0x1140), alloc::vec![item]);
        ds.put_str(Tag::new(0x0008, 0x0020), Vr::DA, "20240101");
        ds.put_str(Tag::new(0x0008, 0x0021), Vr::DA, "20240101");
        ds.put_u16s(Tag::new(0x0018, 0x9623), &[1]);
        let r = deidentify(&mut ds, b"k");
        let seq = ds.get(Tag::new(0x0008, 0x1140)).unwrap().items().unwrap();
        let uids = seq[0]
            .get(Tag::new(0x0008, 0x1155))
            .unwrap()
            .text()
            .unwrap();
        let want = [replace_uid("1.2.3", b"k"), replace_uid("1.2.4", b"k")].join("\\");
        assert_eq!(uids, want);
        assert_eq!(
            seq[0].get(Tag::new(0x0010, 0x0010)).unwrap().bytes(),
            Some(&b""[..])
        );
        assert!(seq[0].get(Tag::new(0x0029, 0x1001)).is_none());
        // Study Date is Z, Series Date X/D.
        assert_eq!(
            ds.get(Tag::new(0x0008, 0x0020)).unwrap().bytes(),
            Some(&b""[..])
        );
        assert_eq!(
            ds.get(Tag::new(0x0008, 0x0021)).unwrap().text(),
            Some("19000101")
        );
        assert_eq!(
            ds.get(Tag::new(0x0018, 0x9623)).unwrap().bytes(),
            Some(&[0u8, 0][..])
        );
        assert_eq!(r.uids, 2);
        assert_eq!(r.removed, 1);
    }
}
