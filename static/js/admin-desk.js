// The body editor's writing area gets its field's name and help text, so a screen reader
// says what it is: the editor (django-prose-editor) builds it without either.
document.addEventListener("prose-editor:ready", (event) => {
  const { editor, textarea } = event.detail;
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const attributes = { ...(editor.options.editorProps.attributes || {}) };
  if (label) {
    label.id = label.id || `${textarea.id}_label`;
    attributes["aria-labelledby"] = label.id;
  }
  const help = textarea.getAttribute("aria-describedby");
  if (help) {
    attributes["aria-describedby"] = help;
  }
  attributes["aria-multiline"] = "true";
  editor.setOptions({ editorProps: { ...editor.options.editorProps, attributes } });
});

// Some of Django's admin controls have no name a screen reader can say: autocomplete boxes
// (select2) are named only by their current choice, so an empty one by nothing, and the
// fields of inline rows shown as a table have no label. Each gets its field's label or,
// in a table, its column's heading.
function nameFor(control) {
  let name = control.id && document.querySelector(`label[for="${control.id}"]`);
  const cell = control.closest("td");
  if (!name && cell) {
    name = cell.closest("table").querySelectorAll("thead th")[cell.cellIndex];
  }
  if (name && !name.id) {
    name.id = `${control.id || control.name}_name`;
  }
  return name && name.textContent.trim() ? name : null;
}

function labelBy(element, name) {
  const ids = (element.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
  if (!ids.includes(name.id)) {
    element.setAttribute("aria-labelledby", [name.id, ...ids].join(" "));
  }
}

function nameControls(root) {
  root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
    const name = nameFor(select);
    if (name) {
      select.parentElement
        .querySelectorAll('.select2-selection[role="combobox"], .select2-selection__rendered')
        .forEach((element) => labelBy(element, name));
    }
  });
  root.querySelectorAll(".tabular td input:not([type=hidden]), .tabular td select").forEach(
    (control) => {
      const labelled = control.labels && control.labels.length;
      const name = !labelled && !control.getAttribute("aria-label") && nameFor(control);
      if (name) {
        labelBy(control, name);
      }
    },
  );
}
// After Django's own ready handlers, which jQuery runs a moment after the page has loaded.
window.addEventListener("load", () =>
  setTimeout(() => {
    nameControls(document);
    document.documentElement.dataset.controlsNamed = "true";
  }, 0),
);
document.addEventListener("formset:added", (event) => nameControls(event.target));
