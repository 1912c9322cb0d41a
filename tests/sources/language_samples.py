"""Sample texts per language for the language-identification tests, written for these tests.

Each language has short samples (one sentence or a headline) and paragraphs of at least 200
characters. The facts are those of the conflict; the wording is ours.
"""

from __future__ import annotations

LONG: dict[str, list[str]] = {
    "en": [
        "The defence ministry in Baku reported that positions near the village of Sotk had come under "
        "mortar fire overnight, while officials in Yerevan rejected the claim and said their units had "
        "only answered shots fired from across the border earlier that evening.",
        "Talks between the foreign ministers ended without a joint statement. Both delegations said the "
        "text of a peace treaty was nearly agreed, but neither would say when it might be signed or "
        "which questions about the border commissions were still open.",
    ],
    "ru": [
        "Министерство обороны Армении сообщило, что в ночь на вторник азербайджанские подразделения "
        "открыли огонь из стрелкового оружия по позициям у села Сотк. В Баку эти сведения назвали "
        "дезинформацией и заявили, что армянская сторона сама нарушила режим прекращения огня.",
        "Переговоры министров иностранных дел завершились без совместного заявления. Обе делегации "
        "отметили, что текст мирного договора почти согласован, однако сроки его подписания пока не "
        "названы, а работа комиссий по делимитации границы продолжается.",
    ],
    "hy": [
        "Հայաստանի պաշտպանության նախարարությունը հայտնել է, որ երեքշաբթի գիշերը ադրբեջանական "
        "ստորաբաժանումները կրակ են բացել Սոթք գյուղի մոտակայքում գտնվող դիրքերի ուղղությամբ։ Բաքուն "
        "այդ տեղեկությունը որակել է որպես ապատեղեկատվություն։",
        "Արտաքին գործերի նախարարների բանակցություններն ավարտվեցին առանց համատեղ հայտարարության։ "
        "Երկու պատվիրակություններն էլ նշեցին, որ խաղաղության պայմանագրի տեքստը գրեթե համաձայնեցված "
        "է, սակայն ստորագրման ժամկետը դեռ հայտնի չէ։",
    ],
    "az": [
        "Azərbaycan Müdafiə Nazirliyi bildirib ki, gecə saatlarında Ermənistan silahlı qüvvələrinin "
        "bölmələri sərhəd boyunca yerləşən mövqelərimizi müxtəlif çaplı atıcı silahlardan atəşə tutub. "
        "Ermənistan tərəfi bu məlumatı təkzib edərək atəşkəsin pozulmadığını açıqlayıb.",
        "Xarici işlər nazirlərinin danışıqları birgə bəyanat qəbul edilmədən başa çatıb. Hər iki "
        "nümayəndə heyəti sülh sazişinin mətninin demək olar ki, razılaşdırıldığını qeyd etsə də, "
        "imzalanma tarixi hələ açıqlanmayıb və sərhədlərin delimitasiyası davam edir.",
    ],
    "tr": [
        "Azerbaycan Savunma Bakanlığı, Ermenistan silahlı kuvvetlerine ait birliklerin gece saatlerinde "
        "sınır hattındaki mevzilere hafif silahlarla ateş açtığını duyurdu. Erivan ise iddiaları "
        "reddederek ateşkesin ihlal edilmediğini ve bölgede durumun sakin olduğunu açıkladı.",
        "Dışişleri bakanları arasındaki görüşmeler ortak bir bildiri yayımlanmadan sona erdi. İki heyet "
        "de barış anlaşmasının metninin büyük ölçüde üzerinde uzlaşıldığını belirtti, ancak imza için "
        "henüz bir tarih verilmedi ve sınır komisyonlarının çalışmaları sürüyor.",
    ],
    "ka": [
        "სომხეთისა და აზერბაიჯანის საგარეო საქმეთა მინისტრები თბილისში შეხვდნენ და განიხილეს სამშვიდობო "
        "ხელშეკრულების ტექსტი. მხარეებმა განაცხადეს, რომ მოლაპარაკებები კონსტრუქციულ ატმოსფეროში "
        "მიმდინარეობდა, თუმცა ხელმოწერის თარიღი ჯერ არ არის ცნობილი.",
        "საქართველოს მთავრობამ კვლავ გამოთქვა მზადყოფნა, უმასპინძლოს მეზობელი ქვეყნების შეხვედრებს და "
        "ხელი შეუწყოს რეგიონში მშვიდობის დამყარებას. ექსპერტების აზრით, ეს როლი ქვეყნის საერთაშორისო "
        "პოზიციას აძლიერებს.",
    ],
    "uk": [
        "Міністерство оборони Вірменії повідомило, що вночі азербайджанські підрозділи відкрили вогонь "
        "по позиціях поблизу села Сотк. У Баку ці відомості назвали дезінформацією і заявили, що "
        "вірменська сторона сама порушила режим припинення вогню, який діє вже кілька місяців.",
        "Переговори міністрів закордонних справ завершилися без спільної заяви. Обидві делегації "
        "зазначили, що текст мирної угоди майже узгоджено, проте дату його підписання ще не визначено, "
        "а робота комісій із делімітації кордону триває.",
    ],
    "fr": [
        "Le ministère arménien de la Défense a affirmé que des unités azerbaïdjanaises avaient ouvert le "
        "feu pendant la nuit sur des positions situées près du village de Sotk. Bakou a démenti ces "
        "informations et accusé l'Arménie d'avoir elle-même violé le cessez-le-feu.",
        "Les négociations entre les ministres des Affaires étrangères se sont achevées sans déclaration "
        "commune. Les deux délégations ont indiqué que le texte du traité de paix était presque finalisé, "
        "mais aucune date de signature n'a encore été annoncée.",
    ],
    "de": [
        "Das armenische Verteidigungsministerium erklärte, aserbaidschanische Einheiten hätten in der "
        "Nacht Stellungen in der Nähe des Dorfes Sotk beschossen. Baku wies die Angaben zurück und warf "
        "der armenischen Seite vor, selbst gegen die Waffenruhe verstoßen zu haben.",
        "Die Gespräche der Außenminister endeten ohne gemeinsame Erklärung. Beide Delegationen sagten, "
        "der Text des Friedensvertrags sei fast fertig, doch ein Termin für die Unterzeichnung wurde "
        "noch nicht genannt, und die Grenzkommissionen arbeiten weiter.",
    ],
    "fa": [
        "وزارت امور خارجه ایران اعلام کرد که تهران از هرگونه گفتگو میان جمهوری آذربایجان و ارمنستان "
        "برای دستیابی به صلح پایدار در منطقه قفقاز جنوبی حمایت می‌کند و با هرگونه تغییر در مرزهای "
        "بین‌المللی کشورهای منطقه مخالف است.",
    ],
    "ar": [
        "أعلنت وزارة الخارجية التركية أن أنقرة ترحب بالمحادثات الجارية بين أذربيجان وأرمينيا، وأكدت أن "
        "التوصل إلى اتفاق سلام دائم سيساهم في تعزيز الاستقرار والتعاون الاقتصادي في منطقة جنوب القوقاز "
        "بأكملها خلال السنوات المقبلة.",
    ],
}

SHORT: dict[str, list[str]] = {
    "en": ["Armenia says two soldiers were wounded at the border.", "Baku denies shelling the village."],
    "ru": ["Минобороны Азербайджана опровергло сообщения об обстреле.", "Двое военнослужащих получили ранения."],
    "hy": ["Պաշտպանության նախարարությունը հերքել է այդ տեղեկությունը։", "Սահմանին երկու զինծառայող է վիրավորվել։"],
    "az": ["Müdafiə Nazirliyi bu məlumatı təkzib edib.", "Sərhəddə iki hərbçi yaralanıb."],
    "tr": ["Savunma Bakanlığı bu iddiaları yalanladı.", "Sınırda iki asker yaralandı."],
    "ka": ["თავდაცვის სამინისტრომ ეს ინფორმაცია უარყო.", "საზღვარზე ორი ჯარისკაცი დაიჭრა."],
    "uk": ["Міністерство оборони спростувало ці повідомлення.", "На кордоні поранено двох військових."],
    "fr": ["Le ministère de la Défense a démenti ces informations.", "Deux soldats ont été blessés à la frontière."],
    "de": ["Das Verteidigungsministerium wies die Berichte zurück.", "Zwei Soldaten wurden an der Grenze verletzt."],
    "fa": ["وزارت دفاع این گزارش را رد کرد."],
    "ar": ["نفت وزارة الدفاع هذه التقارير."],
}
