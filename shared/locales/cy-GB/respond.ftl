# Tudalen ymatebydd i ateb stori a gyhoeddwyd.
respond-title = Ateb stori
respond-title-about = Ateb stori am { $service }
respond-back = Yn ôl i'ch straeon
respond-about = Stori am { $service }
respond-published-story = Stori a gyhoeddwyd
respond-public-page = Tudalen gyhoeddus y stori
respond-so-far = Atebion hyd yma
respond-change-yours = Newid eich ateb (am 30 munud ar ôl ei gyhoeddi)
respond-change-short = A oes newid wedi'i gynllunio neu wedi'i wneud?
respond-save = Cadw'r newid
respond-delete = Dileu'r ateb hwn
respond-yours = Eich ateb
respond-at-once = Mae eich ateb yn cael ei gyhoeddi ar unwaith ar dudalen gyhoeddus y stori, gyda'ch enw, eich teitl swydd a'ch gwasanaeth.
respond-answer = Ateb
respond-change-question = A oes newid wedi'i gynllunio neu wedi'i wneud oherwydd y stori hon?
respond-publish = Cyhoeddi eich ateb
respond-unpublished = Nid yw'r stori hon wedi'i chyhoeddi mwyach, felly ni ellir ei hateb.
