"""The Russian extraction engine: natasha (razdel, slovnet, navec) and pymorphy behind the same
contract as the English engine (``ExtractedStatement``). Entry points: :func:`.extract.extract_ru`
and :func:`.extract.extract_many_ru`."""
