# Rolau'r staff, a'r negeseuon e-bost a ddewison nhw.
staff-role-responder = Ymatebydd
staff-role-service_admin = Gweinyddwr gwasanaeth
email-when-critical-at-least = Straeon â difrifoldeb { $level } neu fwy, wrth iddynt gael eu cyhoeddi

# Hanes newidiadau gwasanaeth: brawddeg, yna'r hyn a newidiodd.
change-member-added = Ychwanegwyd { $name } yn { $role ->
    [service_admin] weinyddwr gwasanaeth
   *[responder] ymatebydd
}
change-member-removed = Tynnwyd { $name }
change-member-emails = Dewisodd { $name } eu negeseuon e-bost
change-service-added = Ychwanegwyd y gwasanaeth “{ $name }”
change-service-changed = Newidiwyd y gwasanaeth
change-renamed = ailenwyd “{ $before }” → “{ $after }”
change-described = disgrifiwyd o'r newydd
change-moved = symudwyd yn y goeden
change-archived = archifwyd
change-restored = adferwyd
change-language = bellach yn agor yn { $language }
change-link-added = Gwnaed y ddolen wahodd “{ $label }” (/tell/{ $slug })
change-link-changed = Y ddolen wahodd /tell/{ $slug }
change-link-deleted = dilëwyd
change-link-on = trowyd ymlaen
change-link-off = diffoddwyd
change-link-relabelled = bellach “{ $label }”
change-link-language = bellach yn agor yn { $language }
change-link-details = newidiodd ei chroeso, ei thagiau neu ei harolwg

# Rhestr y gwasanaethau, a'r ffurflen i ychwanegu un.
services-title = Gwasanaethau – Cymedroli
services-heading = Gwasanaethau
services-none = Nid oes gwasanaethau eto.
services-archived = (wedi'i archifo)
services-add = Ychwanegu gwasanaeth
service-field-name = Enw
service-field-parent = Yn rhan o
service-no-parent = Dim: gwasanaeth ar ei ben ei hun
service-field-description = Disgrifiad
service-field-language = Iaith ei dudalennau a'i bosteri
service-language-hint = Mae ei ddolenni gwahodd newydd yn agor yn yr iaith hon; mae poster dolen Gymraeg yn Gymraeg ac yn Saesneg, y Gymraeg yn gyntaf.
services-add-button = Ychwanegu'r gwasanaeth

# Tudalen un gwasanaeth.
service-title = { $service } – Cymedroli
service-caption-archived = Gwasanaeth (wedi'i archifo: nid yw'n derbyn straeon newydd)
service-report-link = Adroddiad { $service }: ei straeon, ei atebion a'i newidiadau, fis wrth fis
service-change = Newid yr enw, y disgrifiad neu'r iaith, neu archifo'r gwasanaeth hwn
service-archived-choice = Wedi'i archifo: nid yw'n derbyn straeon newydd (mae ei straeon yn aros)
service-save = Cadw'r gwasanaeth
service-staff = Staff y gwasanaeth
service-staff-what = Mae ymatebwyr yn cael e-bost pan gyhoeddir stori am y gwasanaeth hwn, gyda dolen i'w hateb, ac maen nhw'n ateb o'u dangosfwrdd hefyd. Mae gweinyddwyr gwasanaeth yn rheoli'r gwasanaeth hwn a'r rhai oddi tano.
service-no-staff = Dim staff eto.
service-staff-caption = Staff { $service }
service-staff-name = Enw
service-staff-job = Swydd
service-staff-role = Rôl
service-staff-email = E-bost
service-staff-remove = Tynnu
service-suppressed = { $reason ->
    [complained] Marciwyd post i'r cyfeiriad hwn yn sbam
   *[other] Adlamodd post i'r cyfeiriad hwn
} ({ $date }): nid anfonir dim mwy ato. Tynnwch yr ymatebydd hwn ac ychwanegwch y cyfeiriad cywir.
service-add-member = Ychwanegu aelod o staff
service-add-member-what = Maen nhw'n cael gwahoddiad mewn e-bost i osod cyfrinair ar gyfer eu cyfrif.
service-field-job = Teitl swydd
service-field-email = Cyfeiriad e-bost
service-field-role = Rôl
service-role-responder = Ymatebydd: yn darllen ac yn ateb straeon y gwasanaeth hwn
service-role-admin = Gweinyddwr gwasanaeth: yn rheoli'r gwasanaeth hwn, ei staff a'i ddolenni
service-field-member-language = Iaith eu negeseuon e-bost
service-add-member-button = Ychwanegu'r aelod
service-links = Dolenni gwahodd
service-no-links = Dim dolenni gwahodd eto.
service-links-caption = Dolenni gwahodd { $service }
service-link-label = Enw'r ddolen
service-link-address = Cyfeiriad
service-link-opened = Agorwyd
service-link-stories = Straeon
service-link-switch = Troi
service-link-off = (wedi'i diffodd)
service-link-switch-off = Diffodd
service-link-switch-on = Troi ymlaen
service-links-posters = Codau QR a phosteri'r dolenni hyn
service-make-link = Gwneud dolen wahodd
service-field-link-label = Ble mae'r poster yn mynd
service-field-welcome = Neges groeso
service-field-link-language = Iaith ei thudalen a'i phoster
service-link-language-hint = Mae dolen Gymraeg yn agor ei thudalen yn Gymraeg, ac mae ei phoster yn Gymraeg ac yn Saesneg, y Gymraeg yn gyntaf.
service-make-link-button = Gwneud y ddolen
service-trail = Newidiadau
service-no-changes = Dim newidiadau i'w staff, ei fanylion na'i ddolenni eto.
service-changes-caption = Y newidiadau diweddaraf i { $service }, y mwyaf newydd yn gyntaf
service-change-when = Pryd
service-change-who = Pwy
service-change-what = Beth
service-change-at = { $date } am { $time } UTC

# Dolenni gwasanaeth, gyda'u codau QR a'u posteri.
links-title = Dolenni gwahodd { $service }
links-caption = Ar gyfer staff
links-none = Nid oes gan y gwasanaeth hwn ddolenni gwahodd eto.
links-qr-alt = Cod QR ar gyfer { $address }
links-address = Cyfeiriad
links-status = Statws
links-open = Yn derbyn straeon
links-off = Wedi'i diffodd: mae ei thudalen yn dweud wrth bobl ble arall i fynd
links-opened = Agorwyd
links-opened-times = { $count ->
    [one] unwaith
   *[other] { $count } o weithiau
}
links-stories = Straeon a adroddwyd
links-tags = Tagiau
links-poster = Poster i'w argraffu
links-png = Cod QR fel PNG
links-svg = Cod QR fel SVG
links-for = ar gyfer { $label }

# Adroddiad gwasanaeth.
report-title = Adroddiad { $service }
report-caption = Adroddiad
report-part-of = Yn rhan o
report-manage = Rheoli { $service }
report-from = O'r mis
report-to = I'r mis
report-show = Dangos yr adroddiad
report-period = { $from } i { $to }
report-period-backwards = Mae'r cyfnod yn dechrau ({ $from }) ar ôl iddo ddod i ben ({ $to })
report-period-too-long = Mae adroddiad yn cwmpasu { $max } mis ar y mwyaf: dechreuwch yn hwyrach, neu gorffennwch yn gynt
report-what = Popeth a ddywedwyd am { $service } a'r gwasanaethau oddi tano. Cyfrifir stori yn y mis y'i hadroddwyd, a'i chyhoeddi, ei hatebion a'i newidiadau yn y mis y digwyddodd pob un.
report-told = Straeon a adroddwyd
report-published = Cyhoeddwyd
report-rejected = Gwrthodwyd
report-withdrawn = Tynnwyd yn ôl gan eu hawduron
report-answered = Straeon cyhoeddedig a atebwyd
report-hours = Oriau o'r cyhoeddi i'r ateb cyntaf
report-hours-figures = canolrif { $median }, 90fed canradd { $p90 }
report-planned = Atebion â newid wedi'i gynllunio
report-made = Atebion â newid wedi'i wneud
report-on-behalf = Adroddwyd gan staff neu wirfoddolwyr ar ran rhywun
report-over-guidance = Dros y { $percent } y mae'r canllawiau'n ei ganiatáu
report-over = dros { $percent }
report-download = Lawrlwytho:
report-csv = y ffigurau fel CSV
report-json = y ffigurau fel JSON
report-stories-csv = straeon cyhoeddedig y cyfnod fel CSV
report-by-month = Fis wrth fis
report-months-caption = Ffigurau pob mis o'r cyfnod, a'r cyfnod cyfan
report-col-month = Mis
report-col-told = Adroddwyd
report-col-published = Cyhoeddwyd
report-col-rejected = Gwrthodwyd
report-col-withdrawn = Tynnwyd yn ôl
report-col-on-behalf = Ar ran rhywun
report-col-answered = Cyfran a atebwyd
report-col-median = Canolrif oriau i ateb
report-col-p90 = Oriau'r 90fed canradd
report-col-planned = Newidiadau wedi'u cynllunio
report-col-made = Newidiadau wedi'u gwneud
report-whole-period = Y cyfnod cyfan
report-children = Y gwasanaethau oddi tano
report-children-caption = Pob gwasanaeth o dan { $service }, gyda phopeth oddi tano, dros y cyfnod
report-col-service = Gwasanaeth
report-links = Dolenni gwahodd
report-no-links = Ni chafodd yr un ddolen wahodd ei hagor na'i defnyddio i adrodd stori yn y cyfnod.
report-links-caption = Pob dolen wahodd: pa mor aml y'i hagorwyd, a'r straeon a adroddwyd drwyddi
report-col-link = Dolen
report-col-opened = Agorwyd
report-col-conversion = Straeon fesul 100 agoriad
report-tags = Tagiau
report-no-tags = Ni thagiwyd yr un stori a adroddwyd yn y cyfnod.
report-tags-caption = Straeon a adroddwyd yn y cyfnod, fesul tag
report-col-tag = Y tag
chart-stories = Straeon a adroddwyd ac a gyhoeddwyd, fis wrth fis
chart-response-rate = Cyfran straeon cyhoeddedig y mis a atebwyd
chart-channels = Sut yr adroddwyd straeon y cyfnod
chart-criticality = Difrifoldeb straeon cyhoeddedig y cyfnod, fel y'u graddiwyd gan gymedrolwyr
chart-how = Sut
chart-criticality-axis = Difrifoldeb
chart-answered = Atebwyd
chart-stories-series = Straeon
chart-level = { $level } o 5
channel-short-web = Gwefan
channel-short-invitation_link = Dolen
channel-short-leaflet = Taflen
channel-short-phone = Ffôn
channel-short-assisted = Gyda chymorth

# Mewngofnodi ac allgofnodi.
session-signed-in = Rydych wedi mewngofnodi
session-going-on = Yn mynd ymlaen i'r straeon…
session-go-on = Mynd i'r straeon
session-signed-out = Rydych wedi allgofnodi
session-close = Caewch y ffenestr hon os ydych yn rhannu'r cyfrifiadur hwn.
session-sign-in-again = Mewngofnodi eto

# Beth mae tudalen wall yn ei ddweud aeth o'i le.
error-no-membership = Nid oes gennych aelodaeth â'r rhif adnabod hwn: efallai ei bod wedi dod i ben.
error-no-story = Nid oes stori â'r rhif adnabod hwn.
error-no-action = Nid oes y fath weithred.
error-sign-in-incomplete = Ni chwblhawyd y mewngofnodi. Mewngofnodwch eto.
error-story-not-yours = Nid yw'r stori hon am wasanaeth rydych yn ateb ar ei ran, neu nid yw wedi'i chyhoeddi.
error-link-deleted = Dilëwyd y ddolen wahodd hon.
error-no-link = Nid oes dolen wahodd â'r cyfeiriad hwn.
error-send-json = Anfonwch y corff fel JSON gyda Content-Type: application/json.
error-send-form = Anfonwch y ffurflen o'i thudalen.
error-form-unreadable = Nid oedd modd darllen y ffurflen. Ewch yn ôl a'i hanfon eto.
error-not-moderator = Nid cyfrif cymedrolwr na gweinyddwr yw eich cyfrif.
error-no-service = Nid oes gwasanaeth â'r rhif adnabod hwn.
error-sign-in = Mewngofnodwch i barhau.
error-sign-in-expired = Nid yw eich mewngofnodi'n ddilys neu mae wedi dod i ben. Mewngofnodwch eto.
error-idempotency-key = Mae'r Idempotency-Key rhwng 1 a 255 o nodau ASCII gweladwy, fel UUID.
error-changed-first = Newidiodd rhywun arall hyn yn gyntaf. Ail-lwythwch a rhowch gynnig arall arni.
error-reply-decided = Penderfynwyd ar yr ymateb hwn eisoes.
error-link-closed = Nid yw'r ddolen wahodd hon yn derbyn straeon mwyach.
error-gone-to-change = Nid yw hwn yma i'w newid mwyach.
error-withdrawn = Rydych wedi tynnu'r stori hon yn ôl.
error-no-account = Nid oes cyfrif â'r cyfeiriad hwn.
error-no-reply = Nid oes gan y stori hon ymateb â'r rhif adnabod hwn.
error-no-answer = Nid oes gennych ateb â'r rhif adnabod hwn.
error-not-through-site = Nid yw'r cyfeiriad hwn yn cael ei weini'n uniongyrchol. Defnyddiwch gyfeiriad y wefan ei hun.
error-nothing-here = Nid oes dim yn y cyfeiriad hwn.
error-csrf = Mae'r ffurflen hon wedi dod i ben neu ni ddaeth o Tellcare. Ewch yn ôl, ail-lwythwch y dudalen a rhowch gynnig arall arni.
error-moderators-only = Mae cymedroli ar gyfer cymedrolwyr a gweinyddwyr Tellcare. Mae eich straeon ar eich dangosfwrdd, yn /staff.
