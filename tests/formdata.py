"""Valid POST bodies read from a form page, as a browser would send them.

parse_forms() reads the forms of an HTML page (fields, their values, choices, buttons);
valid_body() turns one into the body a person filling in only the required fields would submit:
the values the page shows (initial values, hidden fields, management forms of formsets, checked
boxes, selected options), a plausible value for each required field left empty, and the first
named submit button. What a generic value cannot satisfy (passwords, a pair of dates in order) is
given per route in tests/post_forms.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.utils import timezone

NOT_SENT = {"submit", "button", "reset", "image"}


@dataclass
class Field:
    name: str
    kind: str  # the input type, "select", "select-multiple" or "textarea"
    value: str = ""
    required: bool = False
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class HtmlForm:
    action: str  # absolute path the form posts to
    method: str
    fields: list[Field] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons: (name, value)

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(f.name for f in self.fields))

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[HtmlForm] = []
        self.form: HtmlForm | None = None
        self.select: Field | None = None
        self.option: list | None = None  # [value or None, selected, text]
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page_path, attrs.get("action") or self.page_path)).path
            self.form = HtmlForm(action=action, method=attrs.get("method", "get").lower())
            self.forms.append(self.form)
            return
        if self.form is None or ("name" not in attrs and tag != "option") or "disabled" in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in NOT_SENT:
                if kind == "submit" and attrs["name"]:
                    self.form.buttons.append((attrs["name"], attrs.get("value", "")))
                return
            self.form.fields.append(
                Field(
                    attrs["name"],
                    kind,
                    attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""),
                    "required" in attrs,
                    "checked" in attrs,
                    attrs=attrs,
                )
            )
        elif tag == "button":
            if attrs.get("type", "submit").lower() == "submit" and attrs["name"]:
                self.form.buttons.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            kind = "select-multiple" if "multiple" in attrs else "select"
            self.select = Field(attrs["name"], kind, required="required" in attrs, attrs=attrs)
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea":
            self.textarea = Field(attrs["name"], "textarea", required="required" in attrs, attrs=attrs)
            self.form.fields.append(self.textarea)

    def handle_data(self, data):
        if self.option is not None:
            self.option[2] += data
        elif self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "option" or (tag == "select" and self.option is not None):
            self._close_option()
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            self.textarea.value = self.textarea.value.removeprefix("\n")
            self.textarea = None
        elif tag == "form":
            self.form = None

    def _close_option(self):
        if self.option is not None and self.select is not None:
            value, selected, text = self.option
            self.select.options.append((text.strip() if value is None else value, selected))
        self.option = None


def parse_forms(html: str, page_path: str) -> list[HtmlForm]:
    """The forms of a page; each action is the absolute path it posts to (the page's own when empty)."""
    parser = _FormParser(page_path)
    parser.feed(html)
    parser.close()
    return parser.forms


def forms_posting_to(html: str, page_path: str, target_path: str) -> list[HtmlForm]:
    return [form for form in parse_forms(html, page_path) if form.method == "post" and form.action == target_path]


def _later(name: str) -> bool:
    """Fields that must follow another in time (an end after a start)."""
    return any(part in name for part in ("end", "close", "until", "to"))


def placeholder(item: Field) -> str:
    """A plausible value for a required field the page leaves empty."""
    day = timezone.localdate() + datetime.timedelta(days=31 if _later(item.name) else 30)
    if item.kind == "email":
        return f"{item.name.replace('-', '.')}@example.org"
    if item.kind == "url":
        return "https://example.org/"
    if item.kind == "number":
        low = item.attrs.get("min")
        return str(max(int(float(low)), 1) if low else 1)
    if item.kind == "date":
        return day.isoformat()
    if item.kind == "datetime-local":
        return f"{day.isoformat()}T{'11:00' if _later(item.name) else '10:00'}"
    if item.kind == "time":
        return "11:00" if _later(item.name) else "10:00"
    return f"Sample {item.name}"


def valid_body(form: HtmlForm, *, fill: dict | None = None, button: tuple[str, str] | None = None) -> dict:
    """{name: [values]}: what a browser submits for `form` with every required field filled (and
    the first of a group of radio buttons or check boxes chosen when none is).

    fill replaces values by name (a string, a list, or None to leave the field out); button names
    the submit button pressed (default the first named one).
    """
    body: dict[str, list] = {}
    radios_done = set()
    for item in form.fields:
        if item.kind == "checkbox":
            group = [f for f in form.fields if f.kind == "checkbox" and f.name == item.name]
            # A list of boxes with none ticked: a person picks one (forms ask for "at least one").
            if item.checked or (len(group) > 1 and item is group[0] and not any(f.checked for f in group)):
                body.setdefault(item.name, []).append(item.value)
        elif item.kind == "radio":
            if item.name in radios_done:
                continue
            group = [f for f in form.fields if f.kind == "radio" and f.name == item.name]
            chosen = [f.value for f in group if f.checked] or [group[0].value]
            radios_done.add(item.name)
            if chosen:
                body[item.name] = chosen
        elif item.kind == "select-multiple":
            body[item.name] = [value for value, selected in item.options if selected]
        elif item.kind == "select":
            chosen = [value for value, selected in item.options if selected][-1:]
            chosen = chosen or [value for value, _ in item.options[:1]]
            if (not chosen or chosen == [""]) and item.required:
                chosen = [value for value, _ in item.options if value][:1]
            if chosen:
                body[item.name] = chosen
        elif item.kind == "file":
            continue
        else:
            value = item.value
            if not value and item.required:
                value = placeholder(item)
            body.setdefault(item.name, []).append(value)
    pressed = button or (form.buttons[0] if form.buttons else None)
    if pressed:
        body[pressed[0]] = [pressed[1]]
    for name, value in (fill or {}).items():
        if value is None:
            body.pop(name, None)
        else:
            body[name] = value if isinstance(value, list) else [value]
    return body


def as_post_data(body: dict) -> dict:
    """The body as the test client takes it: single values unwrapped, lists kept, files as they are."""
    return {name: values[0] if len(values) == 1 else values for name, values in body.items()}
