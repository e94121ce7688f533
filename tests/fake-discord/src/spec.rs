//! Judges request bodies by Discord's own OpenAPI spec, so the fake rejects what Discord's
//! validators reject even where the hand-written rules in `validate.rs` have no opinion.
//!
//! The spec is vendored in `spec/` (`openapi.json`, its MIT `LICENSE`, and `SOURCE`: the commit
//! it was copied from) and compiled into the test binary with `include_str!`, so a missing file
//! fails the build. Every JSON body, and the `payload_json` of every multipart body, is checked
//! against the `application/json` request schema of its operation (method + path template)
//! with the `jsonschema` crate (draft 2020-12, `$ref`s into the spec document).
//!
//! Unions are judged the way Discord reports them: of a `oneOf`/`anyOf`, the branch whose type
//! and discriminator (`type`, `entity_type`, ...) fit the value is chosen and only its errors
//! are reported, so an error names the real field (`data.embeds.0.title`) rather than "matches
//! no branch". Errors are turned into Discord's 50035 shape through `FormErrors`.
//!
//! What this finds is recorded by `rest.rs` in `State::spec_violations`; a fake dropped with
//! violations nobody claimed fails the test (see `FakeDiscord::take_spec_violations`).
//! `SPEC_COUNTS=/some/file` makes the fake write how many bodies it checked per route.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

use super::validate::FormErrors;

pub const OPENAPI_JSON: &str = include_str!("../spec/openapi.json");
pub const LICENSE: &str = include_str!("../spec/LICENSE");
pub const SOURCE: &str = include_str!("../spec/SOURCE");

/// Base URIs the schemas are registered under. Nothing is fetched from them: they only give
/// every schema an absolute location, which is how an error leads back to its union.
const DOC_URI: &str = "https://discord.test/openapi.json";
const OP_URI: &str = "https://discord.test/operation/";

/// One operation of the spec.
#[derive(Debug)]
pub struct Operation {
    pub method: String,
    /// As the spec writes it: `/channels/{channel_id}/messages`.
    pub template: String,
    /// `None` for a `{parameter}` segment.
    segs: Vec<Option<String>>,
    /// Where the `application/json` request schema is registered, if the operation takes one.
    body_uri: Option<String>,
}

impl Operation {
    pub fn takes_body(&self) -> bool {
        self.body_uri.is_some()
    }
}

/// One field error, before it becomes part of Discord's `errors` tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// JSON path segments; empty for the body itself.
    pub path: Vec<String>,
    pub code: &'static str,
    pub message: String,
    /// The value has the wrong JSON type: Discord then says only that about the field.
    pub wrong_type: bool,
}

impl FieldError {
    pub fn dotted(&self) -> String {
        self.path.join(".")
    }
}

/// What the spec says about one request.
#[derive(Debug)]
pub enum Outcome {
    /// No operation in the spec has this method and path.
    NotInSpec,
    /// The operation takes no JSON body, so there is nothing to judge.
    NoBody { template: String },
    /// The body was checked; `errors` is empty when it conforms.
    Checked {
        template: String,
        errors: Vec<FieldError>,
    },
}

pub struct Spec {
    ops: Vec<Operation>,
    /// Registered resources by base URI: the spec document and one schema per operation.
    docs: HashMap<String, Arc<Value>>,
    registry: Registry<'static>,
    validators: Mutex<HashMap<String, Arc<Validator>>>,
}

/// The spec, parsed and registered once per test binary; validators compile on first use.
pub fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::load(OPENAPI_JSON).expect("tests/e2e/fake/spec/openapi.json"))
}

/// Bodies checked per route (`POST /channels/{channel_id}/messages`), over the whole process.
static COUNTS: Mutex<BTreeMap<String, u64>> = Mutex::new(BTreeMap::new());

/// Counts one body checked on a route: the fake calls it for requests it received, so the
/// totals are what tests sent over HTTP (not the self-test's direct `check` calls).
pub fn count(route: &str) {
    *COUNTS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(route.to_string())
        .or_default() += 1;
}

/// With `SPEC_COUNTS=path`, writes the counts so far. Called whenever a fake stops: tests run
/// in parallel in one process and the test harness has no exit hook, so the last fake to stop
/// leaves the totals of the run.
pub fn write_counts_if_asked() {
    let Some(path) = std::env::var_os("SPEC_COUNTS") else {
        return;
    };
    let counts = COUNTS.lock().unwrap_or_else(|e| e.into_inner());
    let total: u64 = counts.values().sum();
    let mut out = format!("{total}\tbodies checked against the OpenAPI spec\n");
    for (route, n) in counts.iter() {
        out.push_str(&format!("{n}\t{route}\n"));
    }
    // Under the lock, so a slower writer cannot overwrite newer totals with older ones.
    let _ = std::fs::write(path, out);
}

/// Replaces local `$ref`s (`#/components/...`) with absolute ones into the spec document, so
/// an operation's schema can live in a resource of its own.
fn absolute_refs(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                match x {
                    Value::String(s) if k == "$ref" && s.starts_with('#') => {
                        *s = format!("{DOC_URI}{s}");
                    }
                    _ => absolute_refs(x),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(absolute_refs),
        _ => {}
    }
}

/// `/a~1b/0` -> `["a/b", "0"]`.
fn pointer_segments(p: &str) -> Vec<String> {
    p.split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Undoes the percent-encoding a URI fragment may carry.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
            if let Ok(x) = u8::from_str_radix(hex, 16) {
                out.push(x);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether a schema's `type` admits the value (a schema without `type` admits anything).
fn admits_type(schema: &Value, v: &Value) -> bool {
    let t = json_type(v);
    let fits = |s: &str| s == t || (s == "number" && t == "integer");
    match &schema["type"] {
        Value::String(s) => fits(s),
        Value::Array(a) => a.iter().filter_map(Value::as_str).any(fits),
        _ => true,
    }
}

fn short(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.chars().count() > 40 {
        format!("{}...", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// One failed keyword in Discord's words (codes and messages as its 50035 answers use them).
fn field_error(kind: &ValidationErrorKind, instance: &Value, path: Vec<String>) -> FieldError {
    let (code, message) = match kind {
        ValidationErrorKind::Type { kind } => {
            let wanted = match kind {
                TypeKind::Single(t) => t.as_str(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.as_str())
                    .find(|t| *t != "null")
                    .unwrap_or("null"),
            };
            let v = short(instance);
            match wanted {
                "string" => (
                    "BASE_TYPE_STRING",
                    format!("Could not interpret \"{v}\" as string."),
                ),
                "integer" => ("NUMBER_TYPE_COERCE", format!("Value \"{v}\" is not int.")),
                "number" => (
                    "NUMBER_TYPE_COERCE",
                    format!("Value \"{v}\" is not a valid number."),
                ),
                "boolean" => ("BASE_TYPE_BOOLEAN", "Must be either true or false.".into()),
                "array" => (
                    "BASE_TYPE_ARRAY",
                    format!("Could not interpret \"{v}\" as array."),
                ),
                "object" => (
                    "DICT_TYPE_CONVERT",
                    "Only dictionaries may be used in a DictType".into(),
                ),
                _ => (
                    "BASE_TYPE_INVALID",
                    format!("Value \"{v}\" is not {wanted}."),
                ),
            }
        }
        ValidationErrorKind::Required { property } => {
            let mut path = path;
            path.push(property.as_str().unwrap_or_default().to_string());
            return FieldError {
                path,
                code: "BASE_TYPE_REQUIRED",
                message: "This field is required".into(),
                wrong_type: false,
            };
        }
        ValidationErrorKind::MaxLength { limit }
        | ValidationErrorKind::MaxItems { limit }
        | ValidationErrorKind::MaxProperties { limit } => (
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {limit} or fewer in length."),
        ),
        ValidationErrorKind::MinLength { limit }
        | ValidationErrorKind::MinItems { limit }
        | ValidationErrorKind::MinProperties { limit } => (
            "BASE_TYPE_MIN_LENGTH",
            format!("Must be {limit} or more in length."),
        ),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => (
            "NUMBER_TYPE_MAX",
            format!("int value should be less than or equal to {limit}."),
        ),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => (
            "NUMBER_TYPE_MIN",
            format!("int value should be greater than or equal to {limit}."),
        ),
        ValidationErrorKind::Enum { options } => (
            "BASE_TYPE_CHOICES",
            format!("Value must be one of {options}."),
        ),
        ValidationErrorKind::Constant { expected_value } => (
            "BASE_TYPE_CHOICES",
            format!("Value must be one of [{expected_value}]."),
        ),
        ValidationErrorKind::Pattern { pattern } if pattern == "^(0|[1-9][0-9]*)$" => (
            "NUMBER_TYPE_COERCE",
            format!("Value \"{}\" is not snowflake.", short(instance)),
        ),
        ValidationErrorKind::Pattern { .. } => (
            "STRING_TYPE_REGEX",
            "String value did not match validation regex.".into(),
        ),
        ValidationErrorKind::Format { format } if format == "date-time" => (
            "DATE_TYPE_PARSE",
            format!("Could not parse {}. Should be ISO8601.", short(instance)),
        ),
        ValidationErrorKind::Format { format } if format == "uri" => {
            ("URL_TYPE_INVALID_URL", "Not a well formed URL.".into())
        }
        other => ("BASE_TYPE_INVALID", format!("Invalid value ({other:?}).")),
    };
    FieldError {
        path,
        code,
        message,
        wrong_type: matches!(kind, ValidationErrorKind::Type { .. }),
    }
}

impl Spec {
    pub fn load(text: &str) -> Result<Spec, String> {
        let doc: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let paths = doc["paths"]
            .as_object()
            .ok_or("the spec has no paths")?
            .clone();
        let mut docs: HashMap<String, Arc<Value>> = HashMap::new();
        let mut ops = vec![];
        for (template, item) in &paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if !matches!(method.as_str(), "get" | "put" | "post" | "patch" | "delete") {
                    continue;
                }
                let body_uri = match op.pointer("/requestBody/content/application~1json/schema") {
                    Some(schema) => {
                        let mut schema = schema.clone();
                        absolute_refs(&mut schema);
                        let uri = format!("{OP_URI}{}", ops.len());
                        docs.insert(uri.clone(), Arc::new(schema));
                        Some(uri)
                    }
                    None => None,
                };
                ops.push(Operation {
                    method: method.to_uppercase(),
                    template: template.clone(),
                    segs: template
                        .split('/')
                        .filter(|s| !s.is_empty())
                        .map(|s| (!s.starts_with('{')).then(|| s.to_string()))
                        .collect(),
                    body_uri,
                });
            }
        }
        docs.insert(DOC_URI.to_string(), Arc::new(doc));
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .retrieve_known_draft_meta_schemas(false)
            .extend(docs.iter().map(|(k, v)| (k.clone(), v.clone())))
            .and_then(|b| b.prepare())
            .map_err(|e| e.to_string())?;
        Ok(Spec {
            ops,
            docs,
            registry,
            validators: Mutex::new(HashMap::new()),
        })
    }

    /// The operation for a concrete request path (relative to `/api/v10`). Where templates
    /// overlap (`/users/@me` and `/users/{user_id}`), the one with more literal segments wins.
    pub fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        self.ops
            .iter()
            .filter(|op| op.method == method && op.segs.len() == segs.len())
            .filter(|op| {
                op.segs
                    .iter()
                    .zip(&segs)
                    .all(|(t, s)| t.as_deref().is_none_or(|t| t == *s))
            })
            .max_by_key(|op| op.segs.iter().filter(|s| s.is_some()).count())
    }

    /// Judges one request.
    pub fn check(&self, method: &str, path: &str, body: &Value) -> Outcome {
        let Some(op) = self.operation(method, path) else {
            return Outcome::NotInSpec;
        };
        let route = format!("{} {}", op.method, op.template);
        let Some(uri) = &op.body_uri else {
            return Outcome::NoBody { template: route };
        };
        let body = documented_exceptions(&route, body);
        let mut errors = vec![];
        self.validate(uri, &body, &[], &mut errors);
        // A value of the wrong type is reported for that alone (its `enum` or `oneOf` of
        // constants would fail too, but Discord stops at the type), and each error once.
        let typed: Vec<Vec<String>> = errors
            .iter()
            .filter(|e| e.wrong_type)
            .map(|e| e.path.clone())
            .collect();
        errors.retain(|e| e.wrong_type || !typed.contains(&e.path));
        let mut seen = vec![];
        errors.retain(|e| {
            let new = !seen.contains(e);
            if new {
                seen.push(e.clone());
            }
            new
        });
        Outcome::Checked {
            template: route,
            errors,
        }
    }

    fn validator(&self, uri: &str) -> Arc<Validator> {
        let mut cache = self.validators.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = cache.get(uri) {
            return v.clone();
        }
        let v = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .with_registry(&self.registry)
            // Discord parses dates and URLs; the spec marks them with `format`.
            .should_validate_formats(true)
            .build(&serde_json::json!({ "$ref": uri }))
            .unwrap_or_else(|e| panic!("spec schema {uri} does not compile: {e}"));
        let v = Arc::new(v);
        cache.insert(uri.to_string(), v.clone());
        v
    }

    fn validate(&self, uri: &str, inst: &Value, prefix: &[String], out: &mut Vec<FieldError>) {
        let validator = self.validator(uri);
        for e in validator.iter_errors(inst) {
            let mut path = prefix.to_vec();
            path.extend(pointer_segments(e.instance_path().as_str()));
            match e.kind() {
                ValidationErrorKind::OneOfNotValid { .. }
                | ValidationErrorKind::OneOfMultipleValid { .. }
                | ValidationErrorKind::AnyOf { .. } => {
                    let sub = inst
                        .pointer(e.instance_path().as_str())
                        .unwrap_or(&Value::Null);
                    match e.absolute_keyword_location() {
                        Some(loc) => self.union(loc.as_str(), sub, &path, out),
                        None => out.push(field_error(e.kind(), sub, path)),
                    }
                }
                kind => out.push(field_error(kind, e.instance(), path)),
            }
        }
    }

    /// Follows `$ref`s from a location to the schema that has content: (base URI, pointer).
    fn resolve(&self, base: &str, ptr: &str) -> Option<(String, String)> {
        let (mut base, mut ptr) = (base.to_string(), ptr.to_string());
        for _ in 0..32 {
            let node = self.docs.get(&base)?.pointer(&ptr)?;
            let Some(r) = node.get("$ref").and_then(Value::as_str) else {
                return Some((base, ptr));
            };
            let (b, p) = r.split_once('#').unwrap_or((r, ""));
            if !b.is_empty() {
                base = b.to_string();
            }
            ptr = percent_decode(p);
        }
        None
    }

    fn node(&self, (base, ptr): &(String, String)) -> &Value {
        self.docs
            .get(base)
            .and_then(|d| d.pointer(ptr))
            .unwrap_or(&Value::Null)
    }

    /// A union the value failed: picks the branch Discord would pick and reports its errors.
    fn union(&self, keyword: &str, inst: &Value, path: &[String], out: &mut Vec<FieldError>) {
        let (base, frag) = keyword.split_once('#').unwrap_or((keyword, ""));
        let frag = percent_decode(frag);
        let n = self
            .docs
            .get(base)
            .and_then(|d| d.pointer(&frag))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let branches: Vec<(String, String)> = (0..n)
            .filter_map(|i| self.resolve(base, &format!("{frag}/{i}")))
            .collect();
        // Branches whose type fits and whose discriminators (`type`, `entity_type`: properties
        // fixed by `enum`/`const`) do not contradict the value.
        let mut choices: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut fitting: Vec<&(String, String)> = branches
            .iter()
            .filter(|b| {
                let schema = self.node(b);
                if !admits_type(schema, inst) {
                    return false;
                }
                let (Some(props), Some(obj)) = (schema["properties"].as_object(), inst.as_object())
                else {
                    return true;
                };
                props.iter().all(|(k, p)| {
                    let allowed: Vec<Value> = match (&p["const"], p["enum"].as_array()) {
                        (Value::Null, Some(e)) => e.clone(),
                        (Value::Null, None) => return true,
                        (c, _) => vec![c.clone()],
                    };
                    choices
                        .entry(k.clone())
                        .or_default()
                        .extend(allowed.clone());
                    obj.get(k).is_none_or(|v| allowed.contains(v))
                })
            })
            .collect();
        if fitting.is_empty() {
            if let Some((field, vals)) = choices.iter().find(|(k, _)| inst.get(k).is_some()) {
                let mut p = path.to_vec();
                p.push(field.clone());
                let vals: Vec<String> = vals.iter().map(Value::to_string).collect();
                out.push(FieldError {
                    path: p,
                    code: "UNION_TYPE_CHOICES",
                    message: format!(
                        "Value of field \"{field}\" must be one of ({}).",
                        vals.join(", ")
                    ),
                    wrong_type: false,
                });
                return;
            }
            // Nothing fits the value's type: judge it by the non-null branches, so a single
            // one (a nullable object, say) gives its own type error.
            fitting = branches
                .iter()
                .filter(|b| self.node(b)["type"] != "null")
                .collect();
        }
        let mut best: Option<Vec<FieldError>> = None;
        for (b, p) in fitting {
            let mut errs = vec![];
            self.validate(&format!("{b}#{p}"), inst, path, &mut errs);
            if errs.is_empty() {
                return;
            }
            if best.as_ref().is_none_or(|x| errs.len() < x.len()) {
                best = Some(errs);
            }
        }
        match best {
            Some(errs) => out.extend(errs),
            None => out.push(FieldError {
                path: path.to_vec(),
                code: "UNION_TYPE_CHOICES",
                message: format!("Value \"{}\" matches no allowed form.", short(inst)),
                wrong_type: false,
            }),
        }
    }
}

/// The two places where Discord's documentation, and every library, accept more than the
/// generated spec types (listed in the README beside the spec in `shared/discord-api-spec`).
/// Each is rewritten to the spec's type before validation, so the value is still judged (a
/// permission string that is not a number, or out of range, is still rejected).
fn documented_exceptions(route: &str, body: &Value) -> Value {
    let mut body = body.clone();
    let commands = route.contains("/commands");
    fix(&mut body, commands);
    body
}

fn fix(v: &mut Value, commands: bool) {
    match v {
        Value::Object(o) => {
            // Commands: the docs give `default_member_permissions` as a string of permission
            // bits (serenity sends "8"); the spec types it as an integer.
            if commands {
                if let Some(Value::String(s)) = o.get("default_member_permissions") {
                    if let Ok(n) = s.parse::<u64>() {
                        o.insert("default_member_permissions".into(), n.into());
                    }
                }
            }
            // Messages with uploads: the docs' example gives `attachments[].id` as the integer
            // index n of the `files[n]` part; the spec types it as a snowflake string.
            if let Some(Value::Array(atts)) = o.get_mut("attachments") {
                for a in atts.iter_mut() {
                    if let Some(n) = a.get("id").and_then(Value::as_u64) {
                        a["id"] = n.to_string().into();
                    }
                }
            }
            o.values_mut().for_each(|x| fix(x, commands));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| fix(x, commands)),
        _ => {}
    }
}

/// Discord's 50035 answer for a list of field errors.
pub fn form_errors(errors: &[FieldError]) -> FormErrors {
    let mut f = FormErrors::default();
    for e in errors {
        f.add(&e.dotted(), e.code, e.message.clone());
    }
    f
}

/// One line per error, for the violation log: `embeds.0.title: BASE_TYPE_MAX_LENGTH (...)`.
pub fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| {
            let p = e.dotted();
            format!(
                "{}: {} ({})",
                if p.is_empty() { "<body>" } else { &p },
                e.code,
                e.message
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
