//! Conversion state: the entries built so far, ids, de-duplication, issues and the current
//! context (patient, encounter, order, …) that later segments attach to.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use fhir::{Reference, Resource};

use super::{Issue, IssueKind, Location, Options};
use crate::uuid::Uuid;

/// A position inside the current segment: field, repetition, component (0 = not given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    pub(crate) f: u16,
    pub(crate) r: u16,
    pub(crate) c: u16,
}

impl At {
    pub(crate) const fn field(f: u16) -> At {
        At { f, r: 1, c: 0 }
    }
    pub(crate) const fn rep(self, r: u16) -> At {
        At { r, ..self }
    }
    pub(crate) const fn comp(self, c: u16) -> At {
        At { c, ..self }
    }
}

/// Indexes (into `Cx::entries`) of the resources later segments refer to.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Context {
    pub(crate) header: Option<usize>,
    pub(crate) patient: Option<usize>,
    pub(crate) encounter: Option<usize>,
    pub(crate) order: Option<usize>,
    pub(crate) order_from_orc: bool,
    pub(crate) report: Option<usize>,
    pub(crate) observation: Option<usize>,
    pub(crate) immunization: Option<usize>,
    pub(crate) specimen: Option<usize>,
    pub(crate) appointment: Option<usize>,
    pub(crate) document: Option<usize>,
    pub(crate) condition: Option<usize>,
    /// The Device of the first SFT.
    pub(crate) software: Option<usize>,
    /// The resource the next NTE annotates.
    pub(crate) note_target: Option<usize>,
}

pub(crate) struct Cx<'o> {
    pub(crate) opts: &'o Options,
    seed: Uuid,
    pub(crate) urls: Vec<String>,
    pub(crate) entries: Vec<Resource>,
    keys: HashMap<String, usize, BuildHasherDefault<KeyHasher>>,
    pub(crate) issues: Vec<Issue>,
    pub(crate) pos: usize,
    pub(crate) seg: super::SegmentId,
    ordinal: u32,
    pub(crate) ctx: Context,
    /// Entries left out of the bundle (they could not be made valid).
    pub(crate) dropped: Vec<usize>,
    /// Appointments made (entry index, SCH position).
    pub(crate) appointments: Vec<(usize, usize)>,
    /// The message's segment index (group bounds per position), made on first use.
    pub(crate) seg_index: Option<Box<super::seg_index::SegIndex>>,
    /// When set, values of printable ASCII without the escape character (the inner option)
    /// are their own text: the message's character set reads ASCII as ASCII.
    pub(crate) plain_text: Option<Option<u8>>,
    /// Scratch space for de-duplication keys (see [`Cx::find_key`]).
    key_buf: String,
    /// Conversions of values repeated in the message.
    pub(crate) memo: super::dt::Memo,
    /// Hash indexes of long lists that take items once (see [`super::dedup`]).
    pub(crate) once: super::dedup::Indexes,
    /// The entry of each of `urls`, for its first `.1` items (made on first use).
    url_positions: (HashMap<String, usize, BuildHasherDefault<KeyHasher>>, usize),
}

impl<'o> Cx<'o> {
    pub(crate) fn new(opts: &'o Options, seed: Uuid) -> Self {
        Cx {
            opts,
            seed,
            urls: Vec::with_capacity(32),
            entries: Vec::with_capacity(32),
            // Room for the usual number of de-duplicated entries (authorities, practitioners,
            // locations) without growing.
            keys: HashMap::with_capacity_and_hasher(16, BuildHasherDefault::default()),
            issues: Vec::with_capacity(32),
            pos: 0,
            seg: super::SegmentId::new(b"MSH"),
            ordinal: 0,
            ctx: Context::default(),
            dropped: Vec::new(),
            appointments: Vec::new(),
            seg_index: None,
            plain_text: None,
            key_buf: String::with_capacity(64),
            memo: super::dt::Memo::default(),
            once: super::dedup::Indexes::default(),
            url_positions: (HashMap::default(), 0),
        }
    }

    /// Enables the plain-text shortcut of [`Cx::text`] for values of `msg`, unless its
    /// character set is one the decoder does not read (whose values are all undecodable).
    pub(crate) fn plain_text_of(&mut self, msg: &hl7v2::Message<'_>) {
        self.plain_text = match msg.charset() {
            hl7v2::Charset::Other(_) => None,
            _ => Some(msg.delimiters().escape),
        };
    }

    /// Starts a new segment.
    pub(crate) fn enter(&mut self, pos: usize, id: &[u8]) {
        self.pos = pos;
        self.seg = super::SegmentId::new(id);
        self.ordinal = 0;
    }

    pub(crate) fn location(&self, at: Option<At>) -> Location {
        let nz = |n: u16| (n != 0).then_some(n);
        Location {
            position: self.pos,
            segment: self.seg,
            field: at.and_then(|a| nz(a.f)),
            repetition: at.and_then(|a| nz(a.r)),
            component: at.and_then(|a| nz(a.c)),
        }
    }

    pub(crate) fn issue(&mut self, kind: IssueKind, at: Option<At>) {
        let location = self.location(at);
        self.issues.push(Issue { kind, location });
    }

    /// A new deterministic id for a resource of `resource_type` made from the current
    /// segment: UUID v5 of (message seed, segment position, type, ordinal in the segment).
    pub(crate) fn new_id(&mut self, resource_type: &str) -> fhir::FhirString {
        self.ordinal += 1;
        // The digits as bytes: hashed, never shown, so no UTF-8 check is needed.
        let pos = itoa_buf(self.pos as u64);
        let ord = itoa_buf(u64::from(self.ordinal));
        let u = Uuid::v5(
            &self.seed,
            &[
                pos.as_bytes(),
                b"/",
                resource_type.as_bytes(),
                b"/",
                ord.as_bytes(),
            ],
        );
        let mut s = String::with_capacity(36);
        u.write_to(&mut s);
        s.into()
    }

    /// Adds a resource whose id was made by [`Cx::new_id`]; returns its index.
    pub(crate) fn push(&mut self, resource: Resource) -> usize {
        let id = resource.id().unwrap_or_default();
        let mut url = String::with_capacity(45);
        url.push_str("urn:uuid:");
        url.push_str(id);
        self.urls.push(url);
        self.entries.push(resource);
        self.entries.len() - 1
    }

    pub(crate) fn keyed(&self, key: &str) -> Option<usize> {
        self.keys.get(key).copied()
    }

    /// The entry remembered under the key `parts` joined by `|`; when there is none, the
    /// key itself (to [`Cx::remember`] once the entry is made).
    pub(crate) fn find_key(&mut self, parts: &[&str]) -> Result<usize, String> {
        self.key_buf.clear();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.key_buf.push('|');
            }
            self.key_buf.push_str(p);
        }
        match self.keys.get(self.key_buf.as_str()) {
            Some(&i) => Ok(i),
            None => Err(self.key_buf.clone()),
        }
    }

    pub(crate) fn remember(&mut self, key: String, index: usize) {
        self.keys.insert(key, index);
    }

    /// A reference to entry `index` by its `fullUrl`.
    pub(crate) fn reference(&self, index: usize) -> Reference {
        Reference::url(self.urls.get(index).cloned().unwrap_or_default())
    }

    pub(crate) fn get_mut(&mut self, index: Option<usize>) -> Option<&mut Resource> {
        self.entries.get_mut(index?)
    }

    /// The last entry whose full URL is `url` (a map beside `urls`, so that looking up
    /// references of many segments stays linear).
    pub(crate) fn url_position(&mut self, url: &str) -> Option<usize> {
        let (map, covered) = &mut self.url_positions;
        if *covered > self.urls.len() {
            map.clear();
            *covered = 0;
        }
        for (i, u) in self.urls.iter().enumerate().skip(*covered) {
            map.insert(u.clone(), i);
        }
        *covered = self.urls.len();
        map.get(url).copied()
    }
}

/// The hasher of [`Cx`]'s de-duplication keys: FNV-1a over 8-byte words. The keys come from
/// one message and the map lives for one conversion, so SipHash's flooding resistance buys
/// nothing here, and its cost shows on every lookup.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h ^ u64::from_le_bytes(w)).wrapping_mul(PRIME);
            h ^= h >> 29;
        }
        for &b in chunks.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
        self.0 = h;
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0 ^ u64::from(i)).wrapping_mul(0x0000_0100_0000_01b3);
    }

    fn finish(&self) -> u64 {
        // Spread the low bits (hashbrown takes its bucket from them, its tag from the top).
        let h = self.0 ^ (self.0 >> 32);
        h.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(26)
    }
}

/// A tiny integer formatter without allocation.
pub(crate) struct ItoaBuf {
    buf: [u8; 20],
    start: usize,
}

impl ItoaBuf {
    /// The ASCII digits.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or(b"0")
    }
}

pub(crate) fn itoa_buf(mut n: u64) -> ItoaBuf {
    let mut buf = [0u8; 20];
    let mut i = 20;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    ItoaBuf { buf, start: i }
}

/// The converter as seen by a hook (object safe, so [`HookContext`] needs one lifetime).
pub(crate) trait HookTarget {
    fn patient_mut(&mut self) -> Option<&mut fhir::Patient>;
    fn encounter_mut(&mut self) -> Option<&mut fhir::Encounter>;
    fn patient_reference(&self) -> Option<Reference>;
    fn encounter_reference(&self) -> Option<Reference>;
    fn add_resource(&mut self, resource: Resource) -> Reference;
    fn resources(&self) -> &[Resource];
}

impl HookTarget for Cx<'_> {
    fn patient_mut(&mut self) -> Option<&mut fhir::Patient> {
        match self.get_mut(self.ctx.patient)? {
            Resource::Patient(p) => Some(p),
            _ => None,
        }
    }
    fn encounter_mut(&mut self) -> Option<&mut fhir::Encounter> {
        match self.get_mut(self.ctx.encounter)? {
            Resource::Encounter(e) => Some(e),
            _ => None,
        }
    }
    fn patient_reference(&self) -> Option<Reference> {
        self.ctx.patient.map(|i| self.reference(i))
    }
    fn encounter_reference(&self) -> Option<Reference> {
        self.ctx.encounter.map(|i| self.reference(i))
    }
    fn add_resource(&mut self, resource: Resource) -> Reference {
        let id = self.new_id(resource.resource_type());
        let resource = super::convert::with_id(resource, id.into_string());
        let i = self.push(resource);
        self.reference(i)
    }
    fn resources(&self) -> &[Resource] {
        &self.entries
    }
}

/// What a [`super::SegmentHook`] can do: look at and change the resources made so far and
/// add new ones (which get deterministic ids and `fullUrl`s like every other entry).
pub struct HookContext<'c> {
    pub(crate) cx: &'c mut dyn HookTarget,
}

impl core::fmt::Debug for HookContext<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HookContext")
            .field("entries", &self.cx.resources().len())
            .finish()
    }
}

impl HookContext<'_> {
    /// The patient made from PID, if any.
    pub fn patient_mut(&mut self) -> Option<&mut fhir::Patient> {
        self.cx.patient_mut()
    }

    /// The encounter made from PV1, if any.
    pub fn encounter_mut(&mut self) -> Option<&mut fhir::Encounter> {
        self.cx.encounter_mut()
    }

    /// A reference to the patient, if any.
    pub fn patient_reference(&self) -> Option<Reference> {
        self.cx.patient_reference()
    }

    /// A reference to the encounter, if any.
    pub fn encounter_reference(&self) -> Option<Reference> {
        self.cx.encounter_reference()
    }

    /// Adds a resource (its id is replaced by a deterministic one) and returns a reference
    /// to it by `fullUrl`.
    pub fn add_resource(&mut self, resource: Resource) -> Reference {
        self.cx.add_resource(resource)
    }

    /// The resources made so far, in entry order.
    pub fn resources(&self) -> &[Resource] {
        self.cx.resources()
    }
}
