# Tudalennau'r cymedrolwyr: y ciw, golygydd y stori, a'u labeli.
criticality-level = { $level ->
    [0] Ddim yn ddifrifol
    [1] Ychydig iawn yn ddifrifol
    [2] Ychydig yn ddifrifol
    [3] Gweddol ddifrifol
    [4] Difrifol iawn
   *[5] Difrifol dros ben
}
hint-email = cyfeiriad e-bost
hint-phone = rhif ffôn
hint-nhs-number = rhif GIG
hint-postcode = cod post
hint-date-of-birth = dyddiad (geni?)
hint-name = enw

# Beth ddigwyddodd i stori, yn ei llwybr archwilio.
event-received = derbyniwyd
event-edited = golygwyd
event-published = cyhoeddwyd
event-rejected = gwrthodwyd
event-held = daliwyd yn ôl
event-author_contacted = cysylltwyd â'r awdur
event-reopened = ailagorwyd
event-author_replied = atebodd yr awdur
event-withdrawn = tynnwyd yn ôl
event-reply_received = derbyniwyd ymateb
event-reply_published = cyhoeddwyd ymateb
event-reply_rejected = gwrthodwyd ymateb
event-response_published = cyhoeddwyd ateb
event-link_requested = gofynnwyd am ddolen
event-author_email_forgotten = anghofiwyd e-bost yr awdur
event-contact_erased = dilëwyd y manylion cyswllt

# Beth wnaeth y ffurflen gynt, a ddywedir ar y dudalen wedyn.
done-edited = Mae eich newidiadau wedi'u cadw.
done-published = Mae'r stori wedi'i chyhoeddi.
done-rejected = Mae'r stori wedi'i gwrthod; bydd yr awdur yn cael gwybod pam.
done-held = Mae'r stori wedi'i dal yn ôl.
done-author_contacted = Mae eich cwestiwn ar ei ffordd at yr awdur.
done-reopened = Mae'r stori yn ôl yn y ciw.
done-contact_erased = Mae cyfeiriad e-bost a chod post yr awdur wedi'u dileu.
done-created = Mae'r gwasanaeth wedi'i ychwanegu.
done-responder-added = Mae'r ymatebwr wedi'i ychwanegu.
done-responder-removed = Mae'r ymatebwr wedi'i dynnu.
done-link-made = Mae'r ddolen wahodd wedi'i gwneud.
done-link-on = Mae'r ddolen wahodd yn derbyn straeon eto.
done-link-off = Mae'r ddolen wahodd wedi'i diffodd: mae ei thudalen bellach yn dweud ble arall i fynd.
done-service-changed = Mae'r gwasanaeth wedi'i newid.
done-alerts-changed = Mae eich negeseuon e-bost wedi'u newid.
done-reply-published = Mae ymateb yr awdur wedi'i gyhoeddi.
done-reply-rejected = Ni fydd ymateb yr awdur yn cael ei gyhoeddi.

# Y ciw.
queue-title = { $status } – Cymedroli
queue-heading = Straeon: { $status }
queue-replies = Ymatebion awduron i'w darllen
queue-reply-waiting = Ymateb yn aros { $age }
queue-service = Gwasanaeth
queue-all-services = Pob gwasanaeth
queue-told = Adroddwyd
queue-any-way = Unrhyw ffordd
queue-filter = Hidlo
queue-empty = Dim straeon yma.
queue-empty-filtered = Dim straeon yma gyda'r hidlwyr hyn.
queue-caption = Straeon, yr hynaf yn gyntaf
queue-story = Stori
queue-waiting = Yn aros
queue-services = Gwasanaethau
queue-may-identify = Gallai adnabod
queue-no-hints = Dim wedi'i ganfod
queue-oldest = Dyma'r { $count } hynaf.
queue-next = Y straeon nesaf

# Golygydd y stori.
editor-title = { $title } – Cymedroli
editor-version = fersiwn { $version }
editor-told = adroddwyd { $when }
editor-conflict = Mae rhywun arall wedi newid y stori hon
editor-conflict-versions = Newidiodd rhywun arall y stori hon ar ôl i chi ei hagor: darllenoch fersiwn { $read }; fersiwn { $current } yw hi nawr.
editor-conflict-caption = Beth sydd wedi newid ers i chi ei hagor
editor-who = Pwy
editor-what = Beth
editor-field = Maes
editor-before = Cynt
editor-after = Wedyn
editor-now = bellach { $status }
editor-conflict-kept = Mae eich newidiadau chi yn dal yn y ffurflen isod. Gwiriwch nhw yn erbyn y stori fel y mae nawr, yna cadwch eto.
editor-original = Fel yr ysgrifennodd yr awdur hi
editor-original-deleted = Wedi'i dileu: fe'i cedwir am { $days } diwrnod ar ôl penderfynu ar stori, ac nid ar ôl ei thynnu'n ôl.
editor-may-identify = Gallai adnabod rhywun
editor-no-hints = Dim wedi'i ganfod. Darllenwch y stori serch hynny.
editor-hint-place = { $kind } yn { $field ->
    [title] y teitl
   *[body] y stori
}, wrth nod { $start }
editor-marked = Y stori wedi'i chymedroli, wedi'i marcio
editor-private = Preifat
editor-username = Enw defnyddiwr
editor-when = Pryd
editor-email = E-bost
editor-postcode = Cod post
editor-none-given = Dim wedi'i roi, neu wedi'i ddileu
editor-link = Dolen
editor-erase-hint = Os yw'r awdur yn gofyn i ni eu hanghofio, dilëwch eu cyfeiriad e-bost a'u cod post nawr. Mae'r llwybr archwilio'n cofnodi i chi wneud hynny, nid beth oedden nhw.
editor-erase = Dileu manylion cyswllt yr awdur
editor-moderated = Y stori wedi'i chymedroli
editor-field-title = Teitl
editor-field-body = Stori
editor-body-hint = Tynnwch yr hyn a allai adnabod yr awdur neu aelod o staff. Dim ond mewn straeon cadarnhaol y mae enwau'n aros.
editor-services = Gwasanaethau
editor-tags = Tagiau
editor-tags-hint = Rhowch goma rhwng tagiau.
editor-criticality = Pa mor ddifrifol yw hi?
editor-save = Cadw'r newidiadau
editor-publish = Cadw a chyhoeddi
editor-note = Nodyn i gymedrolwyr eraill
editor-hold = Dal yn ôl
editor-ask = Gofyn i'r awdur
editor-ask-hint = Maen nhw'n cael eich neges mewn e-bost a gallant ateb o'u dolen.
editor-ask-no-email = Ni adawodd yr awdur gyfeiriad e-bost.
editor-ask-send = Anfon y cwestiwn
editor-reason = Y rheswm dros wrthod
editor-reason-hint = Mae'r awdur yn cael gwybod y rheswm hwn.
editor-reject = Gwrthod
editor-reopen = Ailagor i'w chymedroli
editor-answers = Atebion ac ymatebion yr awdur
editor-author-replied = Ymatebodd yr awdur
editor-reply-waiting = Yn aros am gymedrolwr
editor-reply-published = Wedi'i gyhoeddi
editor-reply-rejected = Heb ei gyhoeddi
editor-reply-publish = Cyhoeddi'r ymateb
editor-reply-reject = Peidio â'i gyhoeddi
editor-audit = Llwybr archwilio
editor-audit-caption = Pob cam, yr hynaf yn gyntaf
editor-details = Manylion
