// hitoku::InputError becomes hitoku.InputError (a ValueError) carrying the same place and messages;
// str() reads like the CLI's two lines (Japanese, then English).
#include "bindings.h"

#include "hitoku/model/error.h"
#include "hitoku/registry/table_plan.h"

namespace py = pybind11;

namespace hitoku::python {
namespace {

// Never destroyed: the class must outlive every translator call, including at interpreter exit.
py::exception<InputError>* input_error = nullptr;

}  // namespace

void bind_errors(py::module_& m) {
  input_error = new py::exception<InputError>(m, "InputError", PyExc_ValueError);
  input_error->attr("__module__") = "hitoku";  // shown as hitoku.InputError in tracebacks
  input_error->attr("__doc__") =
      "Bad input: the message names where (file, line, field) in Japanese and English.\n"
      "For a DataFrame, file is the table id (or 'dimension:<id>', 'metadata'), line the 1-based row\n"
      "position and field the column. For a registry extract, bad_rows lists every bad row (line, field,\n"
      "value, reason_ja, reason_en; up to the plan's limit) and bad_row_count counts them all.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      const std::string place = e.where().describe();
      const std::string text = "エラー: " + place + ": " + e.message_ja() + "\nerror: " + place + ": " + e.message_en();
      py::object exc = py::reinterpret_borrow<py::object>(*input_error)(text);
      exc.attr("file") = e.where().file;
      exc.attr("line") = e.where().line;
      exc.attr("field") = e.where().field;
      exc.attr("message_ja") = e.message_ja();
      exc.attr("message_en") = e.message_en();
      // A registry extract with bad rows: every row listed (up to the plan's limit) and how many in all.
      py::list rows;
      long long total = 0;
      if (const auto* extract = dynamic_cast<const ExtractError*>(&e)) {
        for (const auto& b : extract->rows()) {
          py::dict row;
          row["line"] = b.line;
          row["field"] = b.field;
          row["value"] = b.value;
          row["reason_ja"] = b.reason_ja;
          row["reason_en"] = b.reason_en;
          rows.append(row);
        }
        total = extract->total();
      }
      exc.attr("bad_rows") = rows;
      exc.attr("bad_row_count") = total;
      PyErr_SetObject(input_error->ptr(), exc.ptr());
    }
  });
}

}  // namespace hitoku::python
