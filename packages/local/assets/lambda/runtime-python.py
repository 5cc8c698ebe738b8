"""One Lambda execution environment for Python: imports the function's handler once, then runs the invocations
the gateway writes on descriptor 3 one at a time, in the order they came. The runtime protocol is described in
src/lambda/protocol.ts. The handler contract is Lambda's: handler(event, context), the result as JSON, an
exception as an error with its type, message and stack trace.
"""

import collections
import datetime
import decimal
import importlib
import json
import logging
import os
import sys
import threading
import time
import traceback

# Read before the function's code runs and may change them, as Lambda's runtime reads them.
HANDLER = os.environ.get("_HANDLER", "")
TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
FUNCTION_NAME = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
FUNCTION_VERSION = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
MEMORY_LIMIT_IN_MB = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))
LOG_GROUP_NAME = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
LOG_STREAM_NAME = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
THIS_FILE = os.path.abspath(__file__)

CHANNEL = 3
send_lock = threading.Lock()


def send(line):
    """Writes one protocol line; the reader thread and the main thread both write."""
    data = line.encode("utf-8")
    with send_lock:
        while data:
            written = os.write(CHANNEL, data)
            data = data[written:]


def rss_kib():
    """The process's resident memory, in KiB."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # macOS gives bytes, Linux KiB.
        return peak // 1024 if sys.platform == "darwin" else peak


current_request_id = None


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current_request_id
        return True


class LambdaFormatter(logging.Formatter):
    """`[LEVEL]\t2026-01-05T07:08:09.123Z\t<request id>\tmessage`, as Lambda's Python runtime logs."""

    def formatTime(self, record, datefmt=None):
        moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(record.msecs):03d}Z"


def install_logging():
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(LambdaFormatter("[%(levelname)s]\t%(asctime)s\t%(aws_request_id)s\t%(message)s\n"))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers = [handler]
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
    if level:
        root.setLevel(level.upper())


def log_error(text):
    sys.stdout.write(f"[ERROR] {text}\n")
    sys.stdout.flush()


class FaultingError(Exception):
    """An error of the runtime itself, with Lambda's type for it (Runtime.ImportModuleError, ...)."""

    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def user_frames(tb):
    """The stack trace as Lambda's Python runtime gives it: the function's frames, formatted, without the runtime's."""
    frames = [frame for frame in traceback.extract_tb(tb) if os.path.abspath(frame.filename) != THIS_FILE]
    return traceback.format_list(frames)


def error_of(error, request_id=None):
    if isinstance(error, FaultingError):
        payload = {"errorMessage": str(error), "errorType": error.error_type, "stackTrace": []}
    else:
        payload = {
            "errorMessage": str(error),
            "errorType": type(error).__name__,
            "stackTrace": user_frames(error.__traceback__),
        }
    if request_id is not None:
        payload["requestId"] = request_id
    return payload


def load_handler():
    try:
        module_path, function_name = HANDLER.rsplit(".", 1)
    except ValueError as error:
        raise FaultingError("Runtime.MalformedHandlerName", f"Bad handler '{HANDLER}': {error}") from None
    module_name = module_path.replace("/", ".")
    # The function's folder comes first: its modules, and the packages installed into it, import from there.
    if TASK_ROOT not in sys.path:
        sys.path.insert(0, TASK_ROOT)
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise FaultingError("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}") from None
    except SyntaxError as error:
        raise FaultingError(
            "Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {error}"
        ) from None
    handler = getattr(module, function_name, None)
    if handler is None:
        raise FaultingError("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")
    return handler


class LambdaContext:
    """The `context` a handler receives, as Lambda gives it."""

    def __init__(self, request_id, invoked_function_arn, timeout_ms):
        self.function_name = FUNCTION_NAME
        self.function_version = FUNCTION_VERSION
        self.invoked_function_arn = invoked_function_arn
        self.memory_limit_in_mb = MEMORY_LIMIT_IN_MB
        self.aws_request_id = request_id
        self.log_group_name = LOG_GROUP_NAME
        self.log_stream_name = LOG_STREAM_NAME
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + timeout_ms / 1000

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def decimal_default(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


waiting = collections.deque()
work = threading.Condition()


def reader():
    """Reads the gateway's lines: invocations queue up; a hand-back returns those not started."""
    pending = b""
    while True:
        try:
            chunk = os.read(CHANNEL, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            # The gateway has gone: so does its environment.
            os._exit(0)
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8")
            if line.startswith("invoke\t"):
                with work:
                    waiting.append(line)
                    work.notify()
            elif line == "hand-back":
                with work:
                    ids = [text.split("\t", 2)[1] for text in waiting]
                    waiting.clear()
                send("\t".join(["handed-back", *ids]) + "\n")


def invoke(handler, line):
    global current_request_id
    _, request_id, invoked_function_arn, timeout_ms, event_text = line.split("\t", 4)
    current_request_id = request_id
    started = time.perf_counter()
    context = LambdaContext(request_id, invoked_function_arn, int(timeout_ms))
    try:
        result = handler(json.loads(event_text), context)
        try:
            payload = json.dumps(result, default=decimal_default)
        except (TypeError, ValueError) as error:
            raise FaultingError("Runtime.MarshalError", f"Unable to marshal response: {error}") from None
    except Exception as error:  # noqa: BLE001 - any error of the handler is the invocation's
        fault = error_of(error, request_id)
        log_error(f"{fault['errorType']}: {fault['errorMessage']}" + (
            "\nTraceback (most recent call last):\n" + "".join(fault["stackTrace"]) if fault["stackTrace"] else ""
        ))
        memory = rss_kib()
        send(f"error\t{request_id}\t{memory}\t{json.dumps(fault)}\n")
        return memory
    ran_ms = (time.perf_counter() - started) * 1000
    memory = rss_kib()
    send(f"result\t{request_id}\t{ran_ms:.3f}\t{memory}\t{payload}\n")
    return memory


def main():
    install_logging()
    try:
        handler = load_handler()
    except Exception as error:  # noqa: BLE001 - what stops the handler loading is the init error
        fault = error_of(error)
        log_error(f"{fault['errorType']}: {fault['errorMessage']}")
        send(f"init-error\t{json.dumps({'errorType': fault['errorType'], 'errorMessage': fault['errorMessage']})}\n")
        os._exit(1)
    threading.Thread(target=reader, daemon=True).start()
    send(f"ready\t{rss_kib()}\n")
    while True:
        with work:
            while not waiting:
                work.wait()
            line = waiting.popleft()
        memory = invoke(handler, line)
        # Past its MemorySize the environment starts no other invocation: the gateway stops it.
        if memory > MEMORY_LIMIT_IN_MB * 1024:
            threading.Event().wait()


if __name__ == "__main__":
    main()
