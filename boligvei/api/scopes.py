"""What an API key may do, as data: each scope with the Norwegian text the key pages show.

A key gets the scopes its system needs and nothing more. `identity:read` only adds identity
numbers in full to what `register:read` already gives; without it, persons come without them.
"""

REGISTER_READ = "register:read"
CASES_READ = "cases:read"
REPORTS_READ = "reports:read"
TENANCIES_WRITE = "tenancies:write"
IDENTITY_READ = "identity:read"

SCOPES = {
    REGISTER_READ: "Lese registeret: husstander og personer, boliger, leieforhold og ventelisten",
    CASES_READ: "Lese saker, statusene deres og statushistorikken",
    REPORTS_READ: "Lese programmets resultater (de samme tallene som på resultatsiden, uten personer)",
    TENANCIES_WRITE: "Registrere endringer i leieforhold (starte og avslutte) fra boligforvaltningssystemet",
    IDENTITY_READ: "Se fulle fødselsnumre (sammen med «Lese registeret»)",
}
