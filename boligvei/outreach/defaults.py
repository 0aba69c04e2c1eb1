"""The letters Boligvei ships with: an invitation and a reminder in bokmål, nynorsk and English.

They are written to be sent as they are, and to be read by someone who may be worried by a
letter from the municipality about their home: what this is, that nothing changes if they say
no, what it costs (nothing), and how to answer. Administrators make their own versions in the
browser; these become version 1 of each template. The texts behind the merge fields that
depend on the language (`ta_med`, `startlån`, `møtetid`) are here too.
"""

INVITATION = {
    "nb": {
        "title": "Vil du eie boligen du leier?",
        "body": """Hei, {{ navn }}!

Vi i {{ kommune }} vil gjerne invitere deg til en samtale om å eie din egen bolig. Mange som leier bolig av kommunen kan kjøpe en bolig – kanskje til og med den de bor i nå.

Vi sender dette brevet til alle som leier bolig av kommunen. Det betyr ikke at noe er galt. Leieavtalen din fortsetter som før, uansett hva du svarer. Samtalen er gratis og du forplikter deg ikke til noe.

## Hvordan kan det gå?
{{ startlån }}

## Møte med oss
{{ møtetid }}

## Ta gjerne med
{{ ta_med }}

Vil du regne litt selv først? På {{ kalkulator }} kan du se omtrent hva du kan kjøpe for. Du kan også skanne QR-koden nederst.

Trenger du tolk, bestiller vi det. Det er gratis. Vi gleder oss til å snakke med deg!""",
    },
    "nn": {
        "title": "Vil du eige bustaden du leiger?",
        "body": """Hei, {{ navn }}!

Vi i {{ kommune }} vil gjerne invitere deg til ein samtale om å eige din eigen bustad. Mange som leiger bustad av kommunen kan kjøpe ein bustad – kanskje til og med den dei bur i no.

Vi sender dette brevet til alle som leiger bustad av kommunen. Det tyder ikkje at noko er gale. Leigeavtalen din held fram som før, same kva du svarer. Samtalen er gratis, og du bind deg ikkje til noko.

## Korleis kan det gå til?
{{ startlån }}

## Møte med oss
{{ møtetid }}

## Ta gjerne med
{{ ta_med }}

Vil du rekne litt sjølv først? På {{ kalkulator }} kan du sjå omtrent kva du kan kjøpe for. Du kan også skanne QR-koden nedst.

Treng du tolk, bestiller vi det. Det er gratis. Vi gler oss til å snakke med deg!""",
    },
    "en": {
        "title": "Would you like to own the home you rent?",
        "body": """Hello, {{ navn }}!

We at {{ kommune }} would like to invite you to a conversation about owning your own home. Many people who rent a home from the municipality can buy one – perhaps even the home they live in now.

We are sending this letter to everyone who rents a home from the municipality. It does not mean that anything is wrong. Your tenancy continues as before, whatever you answer. The conversation is free and you are not committing to anything.

## How could it work?
{{ startlån }}

## Meet us
{{ møtetid }}

## Please bring
{{ ta_med }}

Would you like to do some sums yourself first? At {{ kalkulator }} you can see roughly what you could buy. You can also scan the QR code at the bottom.

If you need an interpreter, we will book one. It is free. We look forward to talking with you!""",
    },
}

REMINDER = {
    "nb": {
        "title": "Vi vil fortsatt gjerne snakke med deg",
        "body": """Hei, {{ navn }}!

For en stund siden sendte vi deg et brev om muligheten til å eie boligen du bor i, eller en annen bolig. Vi har ikke hørt fra deg, og vil bare minne om at tilbudet gjelder fortsatt.

Det er helt i orden å si nei takk, og leieavtalen din fortsetter som før. Men mange blir overrasket over hva som er mulig med startlån.

## Møte med oss
{{ møtetid }}

Vil du regne selv først? Se {{ kalkulator }}, eller skann QR-koden nederst.

Trenger du tolk, bestiller vi det gratis.""",
    },
    "nn": {
        "title": "Vi vil framleis gjerne snakke med deg",
        "body": """Hei, {{ navn }}!

For ei tid sidan sende vi deg eit brev om høvet til å eige bustaden du bur i, eller ein annan bustad. Vi har ikkje høyrt frå deg, og vil berre minne om at tilbodet framleis gjeld.

Det er heilt i orden å seie nei takk, og leigeavtalen din held fram som før. Men mange blir overraska over kva som er mogleg med startlån.

## Møte med oss
{{ møtetid }}

Vil du rekne sjølv først? Sjå {{ kalkulator }}, eller skann QR-koden nedst.

Treng du tolk, bestiller vi det gratis.""",
    },
    "en": {
        "title": "We would still like to talk with you",
        "body": """Hello, {{ navn }}!

A while ago we sent you a letter about the chance to own the home you live in, or another home. We have not heard from you, and would just like to remind you that the offer still stands.

It is perfectly fine to say no thank you, and your tenancy continues as before. But many people are surprised by what is possible with a start-up loan.

## Meet us
{{ møtetid }}

Would you like to do some sums yourself first? See {{ kalkulator }}, or scan the QR code at the bottom.

If you need an interpreter, we will book one free of charge.""",
    },
}

DEFAULTS = {"invitation": INVITATION, "reminder": REMINDER}

BRING = {
    "nb": "- Lønnsslipper eller vedtak om trygd for de tre siste månedene\n- Den siste skattemeldingen\n"
          "- Oversikt over gjeld, for eksempel fra gjeldsregisteret.com\n- Oversikt over sparepenger",
    "nn": "- Lønnsslippar eller vedtak om trygd for dei tre siste månadene\n- Den siste skattemeldinga\n"
          "- Oversikt over gjeld, til dømes frå gjeldsregisteret.com\n- Oversikt over sparepengar",
    "en": "- Pay slips or benefit decisions for the last three months\n- Your latest tax return\n"
          "- An overview of your debts, for example from gjeldsregisteret.com\n- An overview of your savings",
}

STARTLAN = {
    "nb": "Husbanken gir startlån gjennom kommunen til dem som ikke får nok lån i en vanlig bank. Med startlån "
          "kan du ofte kjøpe uten egne sparepenger, og det du betaler hver måned blir ofte omtrent som husleien.",
    "nn": "Husbanken gir startlån gjennom kommunen til dei som ikkje får nok lån i ein vanleg bank. Med startlån "
          "kan du ofte kjøpe utan eigne sparepengar, og det du betaler kvar månad blir ofte omtrent som husleiga.",
    "en": "Husbanken (the Norwegian State Housing Bank) offers start-up loans (startlån) through the municipality "
          "to people who cannot borrow enough from an ordinary bank. With a start-up loan you can often buy without "
          "savings of your own, and the monthly cost is often about the same as your rent.",
}

CALL_US = {
    "nb": "Ring {name} på telefon {phone}, så finner vi en tid som passer for deg. Vi kan møtes på kontoret vårt eller hjemme hos deg.",
    "nn": "Ring {name} på telefon {phone}, så finn vi ei tid som passar for deg. Vi kan møtast på kontoret vårt eller heime hos deg.",
    "en": "Call {name} on {phone} and we will find a time that suits you. We can meet at our office or in your home.",
}

PROPOSED = {
    "nb": "Vi har satt av tid til deg {when} på {where}. Passer ikke tidspunktet, ring {name} på telefon {phone}, så finner vi en annen tid.",
    "nn": "Vi har sett av tid til deg {when} på {where}. Passar ikkje tidspunktet, ring {name} på telefon {phone}, så finn vi ei anna tid.",
    "en": "We have set aside time for you on {when} at {where}. If that time does not suit you, call {name} on {phone} and we will find another time.",
}

# Printed at the foot of a letter sent in another language than the household asked for.
FALLBACK_NOTE = {
    "nb": "Vi har dessverre ikke dette brevet på {wanted}. Ring oss hvis du vil ha hjelp av tolk – det er gratis.",
    "nn": "Vi har dessverre ikkje dette brevet på {wanted}. Ring oss om du vil ha hjelp av tolk – det er gratis.",
    "en": "Unfortunately we do not have this letter in {wanted}. Call us if you would like help from an interpreter – it is free.",
}

QR_CAPTION = {
    "nb": "Skann koden for å regne selv på hva du kan kjøpe for.",
    "nn": "Skann koden for å rekne sjølv på kva du kan kjøpe for.",
    "en": "Scan the code to work out for yourself what you could buy.",
}

ROLE = {"nb": "saksbehandler", "nn": "sakshandsamar", "en": "caseworker"}
