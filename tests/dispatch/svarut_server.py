"""A local SvarUt (REST v2) and Maskinporten for the tests: a real HTTP server on 127.0.0.1 that
checks every request against KS's published OpenAPI documents with openapi-core, and answers in
the documents' response shapes (each answer is checked against them too).

What the v2 documents leave out is added here from KS's prose, on copies in memory (the files in
../shared/data/standards are never changed):

1. `servers`: this server's address instead of KS's hosts.
2. The send operation has no `requestBody` upstream ("not described in the spec", README [D1, D3]):
   it is described as KS documents it, `multipart/form-data` with the part `forsendelse`
   (the document's own `Forsendelse` schema, `application/json`) and the files.
3. No document declares security; KS documents three headers on every call [D1, D4, C1]: a
   Maskinporten bearer token, `IntegrasjonId` and `IntegrasjonPassord`. They are declared as
   security schemes, so openapi-core refuses a request without them.
4. The `Forsendelse` schema of eksternref-api-v2.json is another than send's (a lookup result): the
   documents are kept apart, one openapi-core validator each, chosen by path and method.
5. status-sok declares its body as `*/*`, which openapi-core cannot read as JSON; the copy says
   `application/json`, what KS's client sends.

Rules KS states only in prose are checked by hand after openapi-core: the `forsendelse` part's
own content type, one file per `dokumenter[]` entry in its order with `filename` = `filnavn`,
file names unique and without `* : " \\ / < > | ?`, printable letters are PDFs, and a letter
that may be printed has `poststed` (and `postnummer` in Norway). A request that breaks any of
them is answered 400 with SvarUt's ErrorMessage and recorded in `violations`, which the tests'
fixture requires to be empty unless a test expects a refusal.
"""

import copy
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

SPECS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "standards" / "svarut" / "fiks-svarut-klient" / "openapi"
DOCUMENTS = ["forsendelse-send-api-v2.json", "forsendelse-status-api-v2.json", "forsendelse-hendelser-api-v2.json",
             "forsendelse-eksternref-api-v2.json"]
FORBIDDEN_IN_FILENAME = set('*:"\\/<>|?')
GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ORGANISATION = "0192:999888777"


def _published(name: str, base_url: str) -> dict:
    document = json.loads((SPECS / name).read_text(encoding="utf-8"))
    document = copy.deepcopy(document)
    document["servers"] = [{"url": base_url}]  # 1
    schemes = document["components"].setdefault("securitySchemes", {})  # 3
    schemes.update({"maskinporten": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                    "integrasjonId": {"type": "apiKey", "in": "header", "name": "IntegrasjonId"},
                    "integrasjonPassord": {"type": "apiKey", "in": "header", "name": "IntegrasjonPassord"}})
    document["security"] = [{"maskinporten": [], "integrasjonId": [], "integrasjonPassord": []}]
    send = document["paths"].get("/v2/kontoer/{kontoId}/forsendelser", {}).get("post")
    if send is not None and "requestBody" not in send:  # 2
        send["requestBody"] = {"required": True, "content": {"multipart/form-data": {
            "schema": {"type": "object", "required": ["forsendelse"],
                       "properties": {"forsendelse": {"$ref": "#/components/schemas/Forsendelse"}},
                       "additionalProperties": {"type": "string", "format": "binary"}},
            "encoding": {"forsendelse": {"contentType": "application/json"}}}}}
    for item in document["paths"].values():  # 5
        for operation in item.values():
            content = operation.get("requestBody", {}).get("content", {})
            if "*/*" in content:
                content["application/json"] = content.pop("*/*")
    return document


@dataclass
class Forsendelse:
    id: str
    body: dict
    files: list[tuple[str, bytes, str]]
    status: str = "MOTTATT"
    changed: str = ""
    events: list[dict] = field(default_factory=list)


class SvarUtServer:
    """Start with `start()`, stop with `stop()`. `account_id`, `integration_id` and
    `integration_password` are what it accepts; `client_key` signs the Maskinporten grants it
    accepts (the private half goes to Boligvei's token provider)."""

    def __init__(self):
        self.account_id = str(uuid.uuid4())
        self.integration_id = str(uuid.uuid4())
        self.integration_password = "hemmelig-integrasjonspassord"
        self.client_id = "boligvei-test-klient"
        self.client_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._token_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.forsendelser: dict[str, Forsendelse] = {}
        self.violations: list[str] = []
        self.requests: list[str] = []
        self.grants_seen: set[str] = set()
        self.stall_send_after: int | None = None  # hold the answer to sends after this many are stored
        self.stall = threading.Event()
        self.stalled = threading.Event()
        self._lock = threading.Lock()
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.base_url = f"http://127.0.0.1:{self._server.server_port}/api"
        self.token_url = f"http://127.0.0.1:{self._server.server_port}/maskinporten/token"
        self.audience = "https://test.maskinporten.no/"
        self._apis = [OpenAPI.from_dict(_published(name, self.base_url)) for name in DOCUMENTS]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "SvarUtServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stall.set()
        self._server.shutdown()
        self._server.server_close()

    # Test controls ---------------------------------------------------------------------------

    def by_reference(self, reference: str) -> list[Forsendelse]:
        return [f for f in self.forsendelser.values() if f.body.get("eksternReferanse") == reference]

    def advance(self, forsendelse_id: str, status: str, event: str) -> None:
        """SvarUt moves a forsendelse on (as it would after a channel answered)."""
        stamp = _now()
        forsendelse = self.forsendelser[forsendelse_id]
        forsendelse.status, forsendelse.changed = status, stamp
        forsendelse.events.append({"tidspunkt": stamp, "hendelse": event})

    # HTTP ------------------------------------------------------------------------------------

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        with self._lock:
            self.requests.append(f"{request.method} {request.path}")
        if request.path == "/maskinporten/token":
            response = self._token(request)
        else:
            response = self._api(request)
        return response(environ, start_response)

    def _refuse(self, request: Request, status: int, message: str, *, violation: bool = True) -> Response:
        if violation:
            with self._lock:
                self.violations.append(f"{request.method} {request.path}: {message}")
        body = {"timestamp": int(time.time() * 1000), "status": status, "error": "Bad Request" if status == 400 else
                "Unauthorized", "errorId": str(uuid.uuid4()), "path": request.path, "message": message,
                "errorCode": "UGYLDIG_FORESPORSEL" if status == 400 else "IKKE_AUTORISERT"}
        return Response(json.dumps(body), status=status, content_type="application/json")

    def _token(self, request: Request) -> Response:
        """Maskinporten's JWT grant (RFC 7523), as Digdir documents it."""
        if request.form.get("grant_type") != GRANT_TYPE:
            return self._refuse(request, 400, "grant_type")
        try:
            grant = jwt.decode(request.form.get("assertion", ""), self.client_key.public_key(), algorithms=["RS256"],
                               audience=self.audience, issuer=self.client_id,
                               options={"require": ["exp", "iat", "jti", "aud", "iss"]})
        except jwt.PyJWTError as exc:
            return self._refuse(request, 400, f"invalid_grant: {exc}")
        if grant["exp"] - grant["iat"] > 120 or grant["jti"] in self.grants_seen or grant.get("scope") != "ks:fiks":
            return self._refuse(request, 400, "invalid_grant: lifetime, replayed jti or scope")
        self.grants_seen.add(grant["jti"])
        now = int(time.time())
        token = jwt.encode({"iss": self.audience, "scope": "ks:fiks", "client_id": self.client_id, "iat": now,
                            "exp": now + 120, "consumer": {"authority": "iso6523-actorid-upis", "ID": ORGANISATION}},
                           self._token_key, algorithm="RS256")
        return Response(json.dumps({"access_token": token, "token_type": "Bearer", "expires_in": 120,
                                    "scope": "ks:fiks"}), content_type="application/json")

    def _api(self, request: Request) -> Response:
        openapi_request = WerkzeugOpenAPIRequest(request)
        for api in self._apis:
            try:
                result = api.unmarshal_request(openapi_request)
            except (PathNotFound, OperationNotFound):
                continue
            if result.errors and any(isinstance(e, (PathNotFound, OperationNotFound)) for e in result.errors):
                continue
            if result.errors:
                return self._refuse(request, 400, "; ".join(_describe(e) for e in result.errors))
            refused = self._authorise(request)
            if refused is not None:
                return refused
            response = self._operation(request, result)
            api.validate_response(openapi_request, WerkzeugOpenAPIResponse(response))  # our answers keep the contract
            return response
        return self._refuse(request, 404, "no such operation in SvarUt's v2 documents")

    def _authorise(self, request: Request) -> Response | None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, self._token_key.public_key(), algorithms=["RS256"], issuer=self.audience)
        except jwt.PyJWTError:
            return self._refuse(request, 401, "Maskinporten-token mangler eller er ugyldig", violation=False)
        if "ks:fiks" not in claims.get("scope", "").split():
            return self._refuse(request, 403, "scope ks:fiks mangler", violation=False)
        if (request.headers.get("IntegrasjonId") != self.integration_id
                or request.headers.get("IntegrasjonPassord") != self.integration_password):
            return self._refuse(request, 401, "Ukjent integrasjon eller feil passord", violation=False)
        if "/kontoer/" in request.path and self.account_id not in request.path:
            return self._refuse(request, 403, "Integrasjonen har ikke tilgang til kontoen", violation=False)
        return None

    def _operation(self, request: Request, result) -> Response:
        path, method = request.path.removeprefix("/api"), request.method
        if method == "POST" and path.endswith("/forsendelser") and path.startswith("/v2/kontoer/"):
            return self._send(request, result.body["forsendelse"])
        if method == "GET" and path.endswith("/forsendelser"):
            reference = request.args["eksternRef"]
            return _json({"forsendelseIds": [f.id for f in self.by_reference(reference)]})
        if path.endswith("/status-sok"):
            wanted = json.loads(request.get_data())["forsendelseIds"]
            return _json({"statuser": [{"id": f.id, "sisteStatusEndring": f.changed, "status": f.status}
                                       for i in wanted if (f := self.forsendelser.get(i))]})
        if path.endswith("/hendelser"):
            forsendelse = self.forsendelser.get(path.split("/")[3])
            if forsendelse is None:
                return self._refuse(request, 404, "Fant ikke forsendelsen", violation=False)
            return _json({"hendelser": forsendelse.events})
        return self._refuse(request, 404, "not served by this test server")

    def _send(self, request: Request, body: dict) -> Response:
        part = request.files.get("forsendelse")
        raw_type = part.content_type if part is not None else _form_part_type(request)
        if not raw_type.startswith("application/json"):
            return self._refuse(request, 400, f"forsendelse-delen må være application/json, ikke {raw_type!r}")
        files = [(f.filename, f.read(), f.content_type) for key, f in request.files.items(multi=True)
                 if key != "forsendelse"]
        documents = body.get("dokumenter", [])
        names = [d["filnavn"] for d in documents]
        problems = []
        if [name for name, _, _ in files] != names:
            problems.append(f"filene {[n for n, _, _ in files]} svarer ikke til dokumenter {names}")
        if len(set(names)) != len(names):
            problems.append("filnavn må være unike")
        if any(set(name) & FORBIDDEN_IN_FILENAME for name in names):
            problems.append("filnavn har ulovlige tegn")
        digital_only = body.get("kunDigitalLevering", False)
        for document, (_, content, _) in zip(documents, files):
            if not digital_only and document["mimeType"] != "application/pdf" and not document.get(
                    "skalEkskluderesFraUtskrift"):
                problems.append("bare PDF kan skrives ut")
            if document["mimeType"] == "application/pdf" and not content.startswith(b"%PDF-"):
                problems.append(f"{document['filnavn']} er ikke en PDF")
        recipient = body["mottaker"]
        if digital_only and not recipient.get("digitalId"):
            problems.append("mottaker.digitalId er påkrevd ved kun digital levering")
        if not digital_only:
            if not recipient.get("poststed"):
                problems.append("mottaker.poststed er påkrevd når forsendelsen kan skrives ut")
            if recipient.get("land", "Norge").lower() in {"norge", "no", "norway"} and not recipient.get("postnummer"):
                problems.append("mottaker.postnummer er påkrevd for norske adresser")
        if problems:
            return self._refuse(request, 400, "; ".join(problems))
        forsendelse = Forsendelse(id=str(uuid.uuid4()), body=body, files=files, changed=_now())
        forsendelse.events.append({"tidspunkt": forsendelse.changed, "hendelse": "Forsendelse mottatt"})
        with self._lock:
            self.forsendelser[forsendelse.id] = forsendelse
            stored = len(self.forsendelser)
        if self.stall_send_after is not None and stored > self.stall_send_after:
            self.stalled.set()
            self.stall.wait(120)  # the letter is stored; the answer is held back (a worker killed meanwhile)
        return _json({"id": forsendelse.id})


def _form_part_type(request: Request) -> str:
    """The content type of the `forsendelse` part when werkzeug took it as a form field."""
    data = request.get_data(cache=True)
    head = data.split(b'name="forsendelse"', 1)[-1].split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-type:"):
            return line.split(b":", 1)[1].strip().decode()
    return ""


def _describe(error) -> str:
    inner = getattr(error, "__cause__", None)
    details = [str(e.message) for e in getattr(inner, "schema_errors", [])] if inner is not None else []
    return f"{type(error).__name__}: {error}" + (f" ({'; '.join(details)})" if details else "")


def _json(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000+00:00", time.gmtime())
