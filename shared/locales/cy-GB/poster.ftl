# Poster printiedig dolen wahodd.
poster-title = Poster: adroddwch eich stori
poster-print-hint = Mae'r poster hwn yn argraffu ar un ddalen A4: defnyddiwch orchymyn Argraffu eich porwr.
poster-tell = Adroddwch eich stori
poster-qr-label = Cod QR sy'n agor
poster-scan = Sganiwch y cod gyda chamera eich ffôn, neu teipiwch
poster-step-tell = Dywedwch wrthym beth ddigwyddodd a sut oeddech chi'n teimlo. Nid ydych yn rhoi eich enw.
poster-step-read = Mae cymedrolwr yn darllen pob stori ac yn tynnu allan unrhyw beth a allai eich adnabod.
poster-step-answer = Mae eich stori'n cael ei chyhoeddi, a gwahoddir y staff yma i'w hateb yn gyhoeddus.
poster-footer = Tellcare: straeon am iechyd a gofal, wedi'u hateb yn gyhoeddus.
