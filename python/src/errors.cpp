// hitoku::InputError becomes hitoku.InputError (a ValueError) carrying the same place and messages;
// str() reads like the CLI's two lines (Japanese, then English).
#include "bindings.h"

#include "hitoku/error.h"

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
      "position and field the column.";
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
      PyErr_SetObject(input_error->ptr(), exc.ptr());
    }
  });
}

}  // namespace hitoku::python
