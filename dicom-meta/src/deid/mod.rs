//! De-identification following the Basic Application Level Confidentiality Profile of
//! PS3.15 Annex E, as a pure transform of owned data sets.
//!
//! The action for each attribute comes from Table E.1-1, generated into `table.rs` by
//! `codegen/gen_deid.py`. Private attributes are removed (the profile's default, without the
//! Retain Safe Private option), and UIDs are replaced deterministically for a given key:
//! the same UID and key always give the same new UID, so references between the instances
//! of a study stay consistent.
//!
//! [`DeidOptions`] adds the option columns of Table E.1-1 (PS3.15 E.3), generated into
//! `table.rs` from a transcription of the table: the retain options keep (K) the attributes
//! they list; the clean options, and the C entries of the retain options, apply
//! [`Action::Clean`], done as described there. [`deidentify`] is the Basic Profile alone,
//! the same as [`deidentify_with`] and `DeidOptions::default()`.

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
    /// C (option columns only): replace with values of similar meaning known not to contain
    /// identifying information. Done by kind of value:
    ///
    /// - text (AE, CS, LO, SH, ST, LT, UT, UC, PN, and UN): every occurrence of an identifying value
    ///   of the data set (see [`deidentify_with`]) is replaced with `***`, matched without
    ///   regard to ASCII case and only as a whole word;
    /// - dates (DA, and the date part of DT): shifted back by a whole number of days derived
    ///   from the key (the same for every date under one key, so intervals are kept); values
    ///   that are not dates in the standard form are emptied; times (TM) are kept;
    /// - Graphic Annotation Sequence: each item's Text Object Sequence (0070,0008) removed,
    ///   the rest of the items (graphic objects) de-identified like any item;
    /// - other sequences (Clean Structured Content): items de-identified with the profile,
    ///   but their free text (LO, SH, ST, LT, UT, UC other than coded entries) is cleaned
    ///   rather than removed or kept, so that text values survive without identifiers;
    /// - private attributes (Retain Safe Private): removed, as no list of safe private
    ///   attributes is available (no attribute is known to be safe);
    /// - other values (binary overlay or curve data): kept.
    Clean,
}

/// The PS3.15 E.3 options of the Basic Profile, each off by default (`Default` is the Basic
/// Profile alone). Set them with the builder-style setters.
///
/// ```
/// use dicom_meta::deid::DeidOptions;
/// let opts = DeidOptions::new().retain_uids(true).clean_descriptors(true);
/// assert!(opts.is_retain_uids() && !opts.is_clean_graphics());
/// assert_eq!(DeidOptions::default(), DeidOptions::new());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct DeidOptions {
    bits: u16,
}

/// Bits of [`DeidOptions`], in the order of `table::OPTIONS`.
const SAFE_PRIVATE: u16 = 1 << 0;
const UIDS: u16 = 1 << 1;
const DEVICE: u16 = 1 << 2;
const INSTITUTION: u16 = 1 << 3;
const CHARACTERISTICS: u16 = 1 << 4;
const FULL_DATES: u16 = 1 << 5;
const MODIFIED_DATES: u16 = 1 << 6;
const DESCRIPTORS: u16 = 1 << 7;
const STRUCTURED: u16 = 1 << 8;
const GRAPHICS: u16 = 1 << 9;

/// CID 7050 code and meaning of each option, in bit order.
const OPTION_CODES: [(&str, &str); 10] = [
    ("113111", "Retain Safe Private Option"),
    ("113110", "Retain UIDs Option"),
    ("113109", "Retain Device Identity Option"),
    ("113112", "Retain Institution Identity Option"),
    ("113108", "Retain Patient Characteristics Option"),
    (
        "113106",
        "Retain Longitudinal Temporal Information Full Dates Option",
    ),
    (
        "113107",
        "Retain Longitudinal Temporal Information Modified Dates Option",
    ),
    ("113105", "Clean Descriptors Option"),
    ("113104", "Clean Structured Content Option"),
    ("113103", "Clean Graphics Option"),
];

macro_rules! option {
    ($(#[$doc:meta])* $set:ident, $is:ident, $bit:expr) => {
        $(#[$doc])*
        #[must_use]
        pub const fn $set(mut self, on: bool) -> Self {
            if on {
                self.bits |= $bit;
            } else {
                self.bits &= !$bit;
            }
            self
        }

        /// Whether the option of the setter of the same name is on.
        pub const fn $is(self) -> bool {
            self.bits & $bit != 0
        }
    };
}

impl DeidOptions {
    /// The Basic Profile alone: every option off.
    pub const fn new() -> Self {
        DeidOptions { bits: 0 }
    }

    option!(
        /// Retain Safe Private: private attributes get C. As no list of safe private
        /// attributes is available, they are still removed (see [`Action::Clean`]).
        retain_safe_private, is_retain_safe_private, SAFE_PRIVATE
    );
    option!(
        /// Retain UIDs: the UIDs that Table E.1-1 lists are kept instead of replaced.
        retain_uids, is_retain_uids, UIDS
    );
    option!(
        /// Retain Device Identity: device identifiers (serial numbers, station names…) kept;
        /// AE titles and similar cleaned.
        retain_device_identity, is_retain_device_identity, DEVICE
    );
    option!(
        /// Retain Institution Identity: institution name, address, department kept.
        retain_institution_identity, is_retain_institution_identity, INSTITUTION
    );
    option!(
        /// Retain Patient Characteristics: sex, age, size, weight and similar kept; allergies,
        /// pre-medication, special needs and patient state cleaned.
        retain_patient_characteristics, is_retain_patient_characteristics, CHARACTERISTICS
    );
    option!(
        /// Retain Longitudinal Temporal Information with Full Dates: dates and times kept,
        /// and Longitudinal Temporal Information Modified (0028,0303) set to `UNMODIFIED`.
        /// Wins over [`retain_modified_dates`](Self::retain_modified_dates).
        retain_full_dates, is_retain_full_dates, FULL_DATES
    );
    option!(
        /// Retain Longitudinal Temporal Information with Modified Dates: dates shifted by one
        /// key-derived number of days (see [`Action::Clean`]; times kept), and
        /// (0028,0303) set to `MODIFIED`.
        retain_modified_dates, is_retain_modified_dates, MODIFIED_DATES
    );
    option!(
        /// Clean Descriptors: descriptions and comments (Study Description, Series
        /// Description, Image Comments…) kept with identifying values removed from the text.
        clean_descriptors, is_clean_descriptors, DESCRIPTORS
    );
    option!(
        /// Clean Structured Content: Content Sequence, Acquisition Context Sequence and
        /// Specimen Preparation Sequence kept, their items de-identified with their text
        /// cleaned.
        clean_structured_content, is_clean_structured_content, STRUCTURED
    );
    option!(
        /// Clean Graphics: Graphic Annotation Sequence kept without its text objects;
        /// overlay comments, descriptions and labels cleaned; overlay and curve data kept.
        clean_graphics, is_clean_graphics, GRAPHICS
    );
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

/// The action for an attribute under `opts`: an option that keeps it (K) wins, then one
/// that cleans it (C), then the Basic Profile's [`action`].
///
/// ```
/// use dicom_meta::{deid::{action_with, Action, DeidOptions}, tags};
/// let o = DeidOptions::new().retain_uids(true).clean_descriptors(true);
/// assert_eq!(action_with(tags::StudyInstanceUID, &o), Action::Keep);
/// assert_eq!(action_with(tags::StudyDescription, &o), Action::Clean);
/// assert_eq!(action_with(tags::PatientName, &o), Action::Zero);
/// ```
pub fn action_with(tag: Tag, opts: &DeidOptions) -> Action {
    let mut clean = false;
    for (i, &(exact, masked, private)) in table::OPTIONS.iter().enumerate() {
        if opts.bits & (1 << i) == 0 {
            continue;
        }
        let mut a = exact
            .binary_search_by_key(&tag.0, |&(t, _)| t)
            .ok()
            .and_then(|i| exact.get(i))
            .map(|&(_, a)| a);
        if a.is_none() {
            a = masked
                .iter()
                .find(|&&(t, m, _)| tag.0 & m == t)
                .map(|&(_, _, a)| a);
        }
        if a.is_none() && tag.is_private() {
            a = private;
        }
        // Clean Graphics: overlay description and label (kept by the Basic Profile) are
        // cleaned too, as text of the graphics.
        if a.is_none()
            && 1 << i == GRAPHICS
            && matches!(tag.0 & 0xFF00_FFFF, 0x6000_0022 | 0x6000_1500)
        {
            a = Some(Action::Clean);
        }
        match a {
            Some(Action::Keep) => return Action::Keep,
            Some(Action::Clean) => clean = true,
            _ => {}
        }
    }
    // Media Storage SOP Instance UID follows SOP Instance UID.
    if tag.0 == 0x0002_0003 && opts.bits & UIDS != 0 {
        return Action::Keep;
    }
    if clean {
        return Action::Clean;
    }
    action(tag)
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
    deidentify_with(ds, key, &DeidOptions::default())
}

/// De-identifies a data set with the Basic Profile and the options `opts`: every attribute
/// at every depth gets its [`action_with`]. Before anything changes, the identifying values
/// of the data set are collected for [`Action::Clean`] of text: the family, given and middle
/// names of every person name (PN) and the values of the identifiers, birth date, accession
/// number, institution, station and address attributes, wherever the profile (under `opts`)
/// neither keeps nor cleans them; values shorter than two characters are not looked for. As with [`deidentify`], (0012,0062), (0012,0063) and (0012,0064) are
/// set, the code sequence naming each option too; (0028,0303) Longitudinal Temporal
/// Information Modified is set when a dates option is on.
///
/// ```
/// use dicom_meta::{deid::{self, DeidOptions}, OwnedDataSet, Vr, tags};
/// let mut ds = OwnedDataSet::new();
/// ds.put_str(tags::PatientName, Vr::PN, "Doe^Jane");
/// ds.put_str(tags::StudyDescription, Vr::LO, "CT chest for JANE DOE");
/// let opts = DeidOptions::new().clean_descriptors(true);
/// deid::deidentify_with(&mut ds, b"key", &opts);
/// assert_eq!(ds.get(tags::StudyDescription).unwrap().text(), Some("CT chest for *** ***"));
/// assert_eq!(ds.get(tags::PatientName).unwrap().bytes(), Some(&b""[..]));
/// ```
pub fn deidentify_with(ds: &mut OwnedDataSet, key: &[u8], opts: &DeidOptions) -> Report {
    let mut report = Report::default();
    let mut ctx = Ctx::new(key, opts);
    collect(ds, &mut ctx, 0);
    level(ds, &ctx, 0, false, &mut report);
    mark(ds, opts);
    report
}

/// Patient Identity Removed, the method and its codes, and (0028,0303).
fn mark(ds: &mut OwnedDataSet, opts: &DeidOptions) {
    ds.put_str(Tag::new(0x0012, 0x0062), Vr::CS, "YES");
    ds.put_str(Tag::new(0x0012, 0x0063), Vr::LO, METHOD);
    let code = |value: &str, meaning: &str| {
        let mut code = OwnedDataSet::new();
        code.put_str(Tag::new(0x0008, 0x0100), Vr::SH, value);
        code.put_str(Tag::new(0x0008, 0x0102), Vr::SH, "DCM");
        code.put_str(Tag::new(0x0008, 0x0104), Vr::LO, meaning);
        code
    };
    let mut codes = alloc::vec![code("113100", METHOD)];
    for (i, &(value, meaning)) in OPTION_CODES.iter().enumerate() {
        if opts.bits & (1 << i) != 0 {
            codes.push(code(value, meaning));
        }
    }
    ds.put_items(Tag::new(0x0012, 0x0064), codes);
    if opts.bits & FULL_DATES != 0 {
        ds.put_str(Tag::new(0x0028, 0x0303), Vr::CS, "UNMODIFIED");
    } else if opts.bits & MODIFIED_DATES != 0 {
        ds.put_str(Tag::new(0x0028, 0x0303), Vr::CS, "MODIFIED");
    }
}

impl OwnedDataSet {
    /// De-identifies this data set: [`deidentify_with`].
    pub fn deidentify_with(&mut self, key: &[u8], opts: &DeidOptions) -> Report {
        deidentify_with(self, key, opts)
    }
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
        self.deidentify_with(key, &DeidOptions::default())
    }

    /// De-identifies the data set with [`deidentify_with`] and the file meta information
    /// with the same key and options.
    ///
    /// ```
    /// use dicom_meta::{deid::DeidOptions, DicomFile, OwnedFile, TransferSyntax, WriteOptions};
    /// # let input = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/explicit_le.dcm")).to_vec();
    /// let mut file = OwnedFile::from_file(&DicomFile::parse(&input)?)?;
    /// let sop = DicomFile::parse(&input)?.get("SOPInstanceUID")?.unwrap().uid()?.to_string();
    /// file.deidentify_with(b"project key", &DeidOptions::new().retain_uids(true));
    /// let out = file.write(TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN, &WriteOptions::new())?;
    /// let back = DicomFile::parse(&out)?;
    /// assert_eq!(back.get("SOPInstanceUID")?.unwrap().uid()?, sop);
    /// assert_eq!(back.get("MediaStorageSOPInstanceUID")?.unwrap().uid()?, sop);
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn deidentify_with(&mut self, key: &[u8], opts: &DeidOptions) -> Report {
        let mut report = Report::default();
        let mut ctx = Ctx::new(key, opts);
        collect(&self.data, &mut ctx, 0);
        level(&mut self.meta, &ctx, 0, false, &mut report);
        level(&mut self.data, &ctx, 0, false, &mut report);
        mark(&mut self.data, opts);
        report
    }
}

/// What a de-identification works with.
struct Ctx<'a> {
    key: &'a [u8],
    opts: DeidOptions,
    /// Identifying values, ASCII-lowercased, longest first.
    idents: Vec<Vec<u8>>,
    /// Days dates move back under Clean.
    shift: i64,
}

impl<'a> Ctx<'a> {
    fn new(key: &'a [u8], opts: &DeidOptions) -> Self {
        let mac = sha256::hmac(key, b"dicom-meta date shift");
        let n = u32::from_be_bytes([mac[0], mac[1], mac[2], mac[3]]);
        Ctx {
            key,
            opts: *opts,
            idents: Vec::new(),
            // 1 to 3650 days (about ten years).
            shift: i64::from(n % 3650) + 1,
        }
    }
}

/// Attributes whose values identify the patient or the study wherever they appear in text.
const IDENTIFYING: [u32; 22] = [
    0x0008_0050, // Accession Number
    0x0008_0080, // Institution Name
    0x0008_0081, // Institution Address
    0x0008_0092, // Referring Physician's Address
    0x0008_1010, // Station Name
    0x0008_1040, // Institutional Department Name
    0x0010_0020, // Patient ID
    0x0010_0021, // Issuer of Patient ID
    0x0010_0030, // Patient's Birth Date
    0x0010_0032, // Patient's Birth Time
    0x0010_1000, // Other Patient IDs
    0x0010_1040, // Patient's Address
    0x0010_1050, // Insurance Plan Identification
    0x0010_1090, // Medical Record Locator
    0x0010_2154, // Patient's Telephone Numbers
    0x0010_2155, // Patient's Telecom Information
    0x0020_0010, // Study ID
    0x0032_1032, // Requesting Physician (PN, also collected by VR)
    0x0038_0010, // Admission ID
    0x0040_1001, // Requested Procedure ID
    0x0040_2016, // Placer Order Number / Imaging Service Request
    0x0040_2017, // Filler Order Number / Imaging Service Request
];

/// Shortest identifying value looked for in text (shorter ones would match too much).
const MIN_IDENT: usize = 2;

/// Collects the identifying values of `ds` (before anything changes).
fn collect(ds: &OwnedDataSet, ctx: &mut Ctx<'_>, depth: u32) {
    if depth >= MAX_DEPTH {
        return;
    }
    for el in ds.elements() {
        let a = action_with(el.tag, &ctx.opts);
        if let Value::Items(items) = &el.value {
            for item in items {
                collect(item, ctx, depth + 1);
            }
            continue;
        }
        if matches!(a, Action::Keep | Action::Clean | Action::Uid) {
            continue;
        }
        let Value::Bytes(b) = &el.value else { continue };
        let pn = el.vr == Vr::PN;
        if !pn && IDENTIFYING.binary_search(&el.tag.0).is_err() {
            continue;
        }
        // Values; person names split into their family, given and middle names in every
        // group (prefixes and suffixes such as "Dr." identify no one).
        let parts = if pn { 3 } else { 1 };
        let values = b.split(|&c| c == b'\\').flat_map(|v| {
            v.split(move |&c| pn && c == b'=')
                .flat_map(move |g| g.split(move |&c| pn && c == b'^').take(parts))
        });
        for v in values {
            let v = trim(v).to_ascii_lowercase();
            if v.len() >= MIN_IDENT && !ctx.idents.contains(&v) {
                ctx.idents.push(v);
            }
        }
    }
    ctx.idents.sort_by_key(|i| core::cmp::Reverse(i.len()));
    ctx.idents.dedup();
}

fn trim(v: &[u8]) -> &[u8] {
    let start = v.iter().position(|&c| c != b' ').unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|&c| c != 0 && c != b' ')
        .map_or(start, |e| e + 1)
        .max(start);
    v.get(start..end).unwrap_or(&[])
}

/// Text VRs whose values Clean scrubs.
fn is_text(vr: Vr) -> bool {
    matches!(
        vr,
        Vr::AE | Vr::CS | Vr::LO | Vr::SH | Vr::ST | Vr::LT | Vr::UT | Vr::UC | Vr::PN
    )
}

/// Free text inside cleaned structured content.
fn is_free_text(el: &OwnedElement) -> bool {
    matches!(el.vr, Vr::LO | Vr::SH | Vr::ST | Vr::LT | Vr::UT | Vr::UC)
        // Coded entries (Code Value, Coding Scheme Designator and Version, Code Meaning…).
        && !(el.tag.group() == 0x0008 && (0x0100..0x0130).contains(&el.tag.element()))
}

fn level(ds: &mut OwnedDataSet, ctx: &Ctx<'_>, depth: u32, structured: bool, report: &mut Report) {
    let mut remove = Vec::new();
    for el in ds.elements_mut() {
        let mut a = action_with(el.tag, &ctx.opts);
        let is_seq = el.vr == Vr::SQ || matches!(el.value, Value::Items(_));
        // Inside cleaned structured content, free text is cleaned rather than removed,
        // emptied, replaced or kept as it is.
        if structured && !is_seq && a != Action::Uid && is_free_text(el) {
            a = Action::Clean;
        }
        let mut inner = structured;
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
                    el.value = Value::Bytes(uids(b, ctx.key, report));
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
                    el.value = Value::Bytes(dummy(el, ctx.key));
                    report.replaced += 1;
                }
            }
            Action::Clean if el.tag.is_private() => remove.push(el.tag),
            Action::Clean if is_seq => {
                if el.tag.0 == 0x0070_0001 {
                    // Graphic Annotation Sequence: text objects go.
                    if let Value::Items(items) = &mut el.value {
                        for item in items.iter_mut() {
                            if item.remove(Tag::new(0x0070, 0x0008)).is_some() {
                                report.removed += 1;
                            }
                        }
                    }
                } else {
                    inner = true;
                }
                report.replaced += 1;
            }
            Action::Clean => {
                if let Value::Bytes(b) = &el.value {
                    let new = match el.vr {
                        Vr::DA => shift_dates(b, ctx.shift, false),
                        Vr::DT => shift_dates(b, ctx.shift, true),
                        // UN (a VR not known): cleaned as text rather than kept unchecked.
                        vr if is_text(vr) || vr == Vr::UN => scrub(b, &ctx.idents),
                        _ => None,
                    };
                    if let Some(new) = new {
                        el.value = if new.is_empty() {
                            Value::Empty
                        } else {
                            Value::Bytes(new)
                        };
                        report.replaced += 1;
                    }
                }
            }
        }
        // Sequences that stay: their items are de-identified too; beyond the nesting
        // limit their content is dropped rather than left unchecked.
        if let Value::Items(items) = &mut el.value
            && a != Action::Remove
            && !(a == Action::Clean && el.tag.is_private())
        {
            if depth >= MAX_DEPTH {
                items.clear();
                report.removed += 1;
            }
            for item in items {
                level(item, ctx, depth + 1, inner, report);
            }
        }
    }
    report.removed += remove.len();
    for t in remove {
        ds.remove(t);
    }
}

/// Text with every identifying value (as a whole word, ASCII case ignored) replaced with
/// `***`; `None` when nothing changes.
fn scrub(text: &[u8], idents: &[Vec<u8>]) -> Option<Vec<u8>> {
    let word = |c: u8| c.is_ascii_alphanumeric();
    let mut out = Vec::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < text.len() {
        let before = i.checked_sub(1).and_then(|j| text.get(j)).copied();
        let found = if before.is_some_and(word) {
            None
        } else {
            idents.iter().find(|id| {
                text.get(i..i + id.len())
                    .is_some_and(|t| t.eq_ignore_ascii_case(id))
                    && !text.get(i + id.len()).copied().is_some_and(word)
            })
        };
        match found {
            Some(id) => {
                out.extend_from_slice(b"***");
                i += id.len();
                changed = true;
            }
            None => {
                out.extend(text.get(i).copied());
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

/// DA or DT values with each date (8 digits at the start of a value or a range end) moved
/// `days` back; the rest of a DT (time, offset) kept. `Some(empty)` for a value that is
/// not of that form.
fn shift_dates(b: &[u8], days: i64, dt: bool) -> Option<Vec<u8>> {
    let text = trim(b);
    if text.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(text.len());
    for (n, value) in text.split(|&c| c == b'\\').enumerate() {
        if n > 0 {
            out.push(b'\\');
        }
        let value = trim(value);
        // A range: at most one '-' that separates two dates (or an open end); a DT
        // offset ('-' after the 8 date digits and more) belongs to its value.
        let parts: Vec<&[u8]> = if dt {
            split_dt_range(value)
        } else {
            value.split(|&c| c == b'-').collect()
        };
        if parts.len() > 2 {
            return Some(Vec::new());
        }
        for (k, part) in parts.iter().enumerate() {
            if k > 0 {
                out.push(b'-');
            }
            if part.is_empty() && parts.len() == 2 {
                continue;
            }
            let Some(date) = part.get(..8).and_then(parse_date) else {
                return Some(Vec::new());
            };
            if !dt && part.len() != 8 {
                return Some(Vec::new());
            }
            let Some(new) = from_days(to_days(date) - days) else {
                return Some(Vec::new());
            };
            let _ = write!(Digits(&mut out), "{:04}{:02}{:02}", new.0, new.1, new.2);
            out.extend_from_slice(part.get(8..).unwrap_or(&[]));
        }
    }
    Some(out)
}

/// A DT value split at a range '-': one that follows a full value and precedes a date
/// (8 digits) or the end.
fn split_dt_range(v: &[u8]) -> Vec<&[u8]> {
    for (i, &c) in v.iter().enumerate() {
        if c != b'-' {
            continue;
        }
        let rest = v.get(i + 1..).unwrap_or(&[]);
        let starts_date = rest.len() >= 8 && rest.iter().take(8).all(u8::is_ascii_digit);
        // A timezone offset has exactly 4 digits after its sign.
        let offset = rest.len() == 4 || rest.get(4) == Some(&b'-');
        if (rest.is_empty() || starts_date || i == 0) && !offset {
            return alloc::vec![v.get(..i).unwrap_or(&[]), rest];
        }
    }
    alloc::vec![v]
}

struct Digits<'a>(&'a mut Vec<u8>);

impl core::fmt::Write for Digits<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn parse_date(b: &[u8]) -> Option<(i64, u32, u32)> {
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: core::ops::Range<usize>| {
        b.get(r)?
            .iter()
            .try_fold(0u32, |a, &c| Some(a * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = (n(0..4)?, n(4..6)?, n(6..8)?);
    let max = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    (1..=max).contains(&d).then_some((i64::from(y), m, d))
}

/// Days since 1970-01-01 (proleptic Gregorian).
fn to_days((y, m, d): (i64, u32, u32)) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number, when its year has four digits.
fn from_days(z: i64) -> Option<(i64, u32, u32)> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    ((0..=9999).contains(&y)).then_some((y, u32::try_from(m).ok()?, u32::try_from(d).ok()?))
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
    fn dates_shift_and_bad_values_empty() {
        assert_eq!(shift_dates(b"20240301", 1, false).unwrap(), b"20240229");
        assert_eq!(
            shift_dates(b"20240301-20240302\\20000101", 1, false).unwrap(),
            b"20240229-20240301\\19991231"
        );
        assert_eq!(shift_dates(b"-20240302", 1, false).unwrap(), b"-20240301");
        assert_eq!(
            shift_dates(b"20240301120000.5-0500", 1, true).unwrap(),
            b"20240229120000.5-0500"
        );
        assert_eq!(
            shift_dates(b"20240301-20240302", 1, true).unwrap(),
            b"20240229-20240301"
        );
        assert_eq!(shift_dates(b"1980.01.02", 1, false).unwrap(), b"");
        assert_eq!(shift_dates(b"20241301", 1, false).unwrap(), b"");
        assert_eq!(shift_dates(b"00000101", 1, false).unwrap(), b"");
        assert_eq!(shift_dates(b"", 1, false), None);
        for d in [(1970, 1, 1), (2000, 2, 29), (1, 1, 1), (9999, 12, 31)] {
            assert_eq!(from_days(to_days(d)), Some(d));
        }
    }

    #[test]
    fn clean_scrubs_unknown_vr_values_as_text() {
        let mut ds = OwnedDataSet::new();
        ds.put_str(Tag::new(0x0010, 0x0010), Vr::PN, "Roe^Richard");
        ds.put_str(Tag::new(0x0008, 0x0090), Vr::PN, "Smith^Anna^^Dr.^MD");
        ds.put_str(Tag::new(0x0008, 0x103E), Vr::LO, "Dr. Smith: MR for R. Roe");
        ds.put_bytes(
            Tag::new(0x0008, 0x1030),
            Vr::UN,
            b"MR for Richard Roe".to_vec(),
        );
        deidentify_with(&mut ds, b"k", &DeidOptions::new().clean_descriptors(true));
        assert_eq!(
            ds.get(Tag::new(0x0008, 0x1030)).unwrap().bytes(),
            Some(&b"MR for *** ***"[..])
        );
        // Name prefixes and suffixes are not identifying values.
        assert_eq!(
            ds.get(Tag::new(0x0008, 0x103E)).unwrap().text(),
            Some("Dr. ***: MR for R. ***")
        );
    }

    #[test]
    fn scrub_whole_words_ignoring_case() {
        let ids = [b"jane".to_vec(), b"doe".to_vec()];
        assert_eq!(
            scrub(b"Jane DOE, does x", &ids).unwrap(),
            b"*** ***, does x"
        );
        assert_eq!(scrub(b"Janet", &ids), None);
        assert!(IDENTIFYING.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn table_is_sorted_and_resolved() {
        for (exact, _, _) in table::OPTIONS {
            assert!(exact.windows(2).all(|w| w[0].0 < w[1].0));
        }
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
