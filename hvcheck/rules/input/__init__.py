"""Input checks (parse, schema, limits): emitted by the loader and validator, documented here."""

from hvcheck.rules.input.hv0001_yaml_syntax import YamlSyntax
from hvcheck.rules.input.hv0002_duplicate_key import DuplicateKey
from hvcheck.rules.input.hv0003_unknown_key import UnknownKey
from hvcheck.rules.input.hv0004_invalid_value import InvalidValue
from hvcheck.rules.input.hv0005_missing_field import MissingField
from hvcheck.rules.input.hv0006_input_limit import InputLimit
from hvcheck.rules.input.hv0007_encoding import Encoding
from hvcheck.rules.input.hv0008_empty_input import EmptyInput
from hvcheck.rules.input.hv0009_unsupported_tag import UnsupportedTag
from hvcheck.rules.input.hv0010_unknown_document_kind import UnknownDocumentKind
from hvcheck.rules.input.hv0011_invalid_suppression import InvalidSuppression
from hvcheck.rules.input.hv0012_unused_suppression import UnusedSuppression
from hvcheck.rules.input.hv0099_internal_error import InternalError

RULES = (
    YamlSyntax,
    DuplicateKey,
    UnknownKey,
    InvalidValue,
    MissingField,
    InputLimit,
    Encoding,
    EmptyInput,
    UnsupportedTag,
    UnknownDocumentKind,
    InvalidSuppression,
    UnusedSuppression,
    InternalError,
)
