//! Names, places, languages and phone formats for demo records, grouped by
//! the country a caller is in, so that one record's name, location, language
//! and phone number belong together.
//!
//! The lists mix common and less common names from places where child
//! helplines operate, in their own spelling and script, so that screens and
//! searches meet diacritics, family-name-first order and Arabic script.

/// One country's worth of demo material.
pub(super) struct Region {
    /// How often this region is picked, relative to the others.
    pub weight: u32,
    /// Given names of girls and women.
    pub female: &'static [&'static str],
    /// Given names of boys and men.
    pub male: &'static [&'static str],
    pub family: &'static [&'static str],
    /// The family name is written first (Vietnamese order).
    pub family_first: bool,
    /// Location as `Country / admin level 1 / admin level 2`.
    pub places: &'static [&'static str],
    /// ISO 639 language codes with relative weights.
    pub languages: &'static [(&'static str, u32)],
    /// Display forms of mobile numbers; each `#` becomes a random digit.
    pub phones: &'static [&'static str],
}

// Kept as written: rustfmt would put most names on a line of their own.
#[rustfmt::skip]
pub(super) const REGIONS: &[Region] = &[
    Region {
        weight: 22,
        female: &[
            "Wanjiku", "Nyambura", "Achieng", "Akinyi", "Wairimu", "Njeri", "Atieno", "Chebet",
            "Jepkoech", "Mwende", "Zawadi", "Neema", "Faith", "Mercy", "Halima", "Nafula",
        ],
        male: &[
            "Kamau", "Otieno", "Kipchoge", "Mwangi", "Omondi", "Kiprono", "Baraka", "Juma",
            "Brian", "Kevin", "Onyango", "Mutua", "Wafula", "Hassan", "Ochieng", "Kibet",
        ],
        family: &[
            "Kamau", "Otieno", "Mwangi", "Odhiambo", "Kariuki", "Njoroge", "Wambui", "Cheruiyot",
            "Kiprotich", "Mutua", "Wekesa", "Ochieng", "Nyaga", "Omollo", "Barasa", "Abdi",
        ],
        family_first: false,
        places: &[
            "Kenya / Nairobi / Kibra", "Kenya / Nairobi / Embakasi", "Kenya / Nairobi / Mathare",
            "Kenya / Mombasa / Likoni", "Kenya / Kisumu / Nyando", "Kenya / Nakuru / Naivasha",
            "Kenya / Kiambu / Thika Town", "Kenya / Turkana / Turkana Central",
            "Kenya / Kakamega / Lurambi", "Kenya / Garissa / Dadaab",
        ],
        languages: &[("sw", 55), ("en", 35), ("so", 5), ("luo", 5)],
        phones: &["+254 7## ### ###", "+254 11# ### ###"],
    },
    Region {
        weight: 12,
        female: &[
            "Ngozi", "Chiamaka", "Adaeze", "Funmilayo", "Aisha", "Zainab", "Blessing", "Oluwaseun",
            "Fatima", "Ifeoma", "Yetunde", "Hauwa", "Chidinma", "Temitope",
        ],
        male: &[
            "Chukwuemeka", "Oluwadamilare", "Emeka", "Tunde", "Ibrahim", "Musa", "Chinedu",
            "Obinna", "Segun", "Abubakar", "Ikenna", "Femi", "Sani", "Uchenna",
        ],
        family: &[
            "Okafor", "Adeyemi", "Bello", "Nwosu", "Okonkwo", "Ogunleye", "Abdullahi", "Eze",
            "Balogun", "Usman", "Adebayo", "Chukwu", "Ibrahim", "Okeke", "Yusuf",
        ],
        family_first: false,
        places: &[
            "Nigeria / Lagos / Ikeja", "Nigeria / Lagos / Alimosho", "Nigeria / Kano / Nassarawa",
            "Nigeria / Kaduna / Zaria", "Nigeria / Enugu / Nsukka", "Nigeria / Oyo / Ibadan North",
            "Nigeria / FCT / Abuja Municipal", "Nigeria / Borno / Maiduguri",
        ],
        languages: &[("en", 40), ("pcm", 20), ("ha", 15), ("yo", 15), ("ig", 10)],
        phones: &["+234 80# ### ####", "+234 70# ### ####", "+234 81# ### ####"],
    },
    Region {
        weight: 10,
        female: &[
            "Thandiwe", "Nomvula", "Lerato", "Palesa", "Naledi", "Zanele", "Lindiwe", "Ayanda",
            "Refilwe", "Anele", "Precious", "Chanté", "Mpho",
        ],
        male: &[
            "Sipho", "Thabo", "Bongani", "Mandla", "Tshepo", "Lwazi", "Sibusiso", "Kagiso",
            "Themba", "Jaco", "Pieter", "Mpho", "Xolani",
        ],
        family: &[
            "Dlamini", "Nkosi", "Ndlovu", "Mokoena", "Khumalo", "Mthembu", "Zulu", "Botha",
            "van der Merwe", "Molefe", "Sithole", "Naidoo", "Mahlangu",
        ],
        family_first: false,
        places: &[
            "South Africa / Gauteng / Soweto", "South Africa / Gauteng / Mamelodi",
            "South Africa / KwaZulu-Natal / Umlazi", "South Africa / Western Cape / Khayelitsha",
            "South Africa / Eastern Cape / Mdantsane", "South Africa / Limpopo / Polokwane",
        ],
        languages: &[
            ("zu", 30),
            ("xh", 20),
            ("en", 25),
            ("af", 10),
            ("st", 10),
            ("tn", 5),
        ],
        phones: &["+27 8# ### ####", "+27 7# ### ####", "+27 6# ### ####"],
    },
    Region {
        weight: 12,
        female: &[
            "Priya", "Ananya", "Lakshmi", "Kavya", "Pooja", "Sana", "Divya", "Meera", "Aarti",
            "Nazia", "Sunita", "Ishita", "Deepika",
        ],
        male: &[
            "Arjun", "Rahul", "Aarav", "Vikram", "Ravi", "Imran", "Karthik", "Rohan", "Aditya",
            "Sanjay", "Mohammed", "Suresh", "Harpreet",
        ],
        family: &[
            "Sharma", "Kumar", "Singh", "Patel", "Reddy", "Iyer", "Das", "Khan", "Nair", "Yadav",
            "Gupta", "Mukherjee", "Ansari", "Pillai",
        ],
        family_first: false,
        places: &[
            "India / Maharashtra / Mumbai Suburban", "India / Delhi / North East Delhi",
            "India / Tamil Nadu / Chennai", "India / West Bengal / Kolkata",
            "India / Uttar Pradesh / Lucknow", "India / Bihar / Patna",
            "India / Karnataka / Bengaluru Urban",
        ],
        languages: &[
            ("hi", 45),
            ("en", 15),
            ("bn", 12),
            ("ta", 12),
            ("mr", 8),
            ("ur", 8),
        ],
        phones: &["+91 9#### #####", "+91 8#### #####", "+91 7#### #####"],
    },
    Region {
        weight: 6,
        female: &[
            "Thị Hương", "Thị Lan", "Ngọc Anh", "Thu Trang", "Minh Châu", "Thị Mai", "Bảo Ngọc",
            "Phương Linh", "Thị Hằng",
        ],
        male: &[
            "Văn Minh", "Đức Anh", "Quốc Bảo", "Văn Hùng", "Minh Khôi", "Gia Huy", "Thành Đạt",
            "Văn Tuấn",
        ],
        family: &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Bùi"],
        family_first: true,
        places: &[
            "Viet Nam / Hà Nội / Đống Đa", "Viet Nam / Hồ Chí Minh / Quận 8",
            "Viet Nam / Đà Nẵng / Thanh Khê", "Viet Nam / Hải Phòng / Lê Chân",
            "Viet Nam / Cần Thơ / Ninh Kiều",
        ],
        languages: &[("vi", 100)],
        phones: &["+84 9# ### ## ##", "+84 3# ### ## ##"],
    },
    Region {
        weight: 8,
        female: &[
            "Angelica", "Jasmine", "Princess", "Mary Joy", "Kristine", "Rosalinda", "Althea",
            "Maricel", "Ligaya",
        ],
        male: &[
            "Juan", "Mark Anthony", "John Paul", "Carlo", "Miguel", "Jericho", "Rodel", "Jomar",
            "Dindo",
        ],
        family: &[
            "Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "dela Cruz", "Villanueva",
            "Ramos", "Aquino", "Macaraeg",
        ],
        family_first: false,
        places: &[
            "Philippines / Metro Manila / Quezon City", "Philippines / Metro Manila / Tondo",
            "Philippines / Cebu / Cebu City", "Philippines / Davao del Sur / Davao City",
            "Philippines / Iloilo / Iloilo City",
        ],
        languages: &[("fil", 60), ("en", 20), ("ceb", 20)],
        phones: &["+63 9## ### ####"],
    },
    Region {
        weight: 8,
        female: &[
            "María José", "Guadalupe", "Ximena", "Valentina", "Sofía", "Camila", "Fernanda",
            "Itzel", "Citlali",
        ],
        male: &[
            "José", "Santiago", "Mateo", "Diego", "Emiliano", "Luis Ángel", "Jesús", "Iker",
            "Tonatiuh",
        ],
        family: &[
            "García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Pérez",
            "Sánchez", "Ramírez", "Flores", "Cruz", "Ortiz",
        ],
        family_first: false,
        places: &[
            "Mexico / Ciudad de México / Iztapalapa", "Mexico / Jalisco / Guadalajara",
            "Mexico / Chiapas / Tuxtla Gutiérrez", "Mexico / Nuevo León / Monterrey",
            "Mexico / Oaxaca / Juchitán de Zaragoza",
        ],
        languages: &[("es", 95), ("nah", 5)],
        phones: &["+52 55 #### ####", "+52 33 #### ####", "+52 81 #### ####"],
    },
    Region {
        weight: 6,
        female: &[
            "Ana Júlia", "Maria Eduarda", "Beatriz", "Letícia", "Luana", "Gabriela", "Isadora",
            "Jéssica", "Conceição",
        ],
        male: &[
            "João Pedro", "Gabriel", "Lucas", "Matheus", "Thiago", "Davi", "Caio", "Luiz Henrique",
            "Raimundo",
        ],
        family: &[
            "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida",
            "Nascimento", "Ferreira", "Araújo", "Conceição",
        ],
        family_first: false,
        places: &[
            "Brazil / São Paulo / São Paulo", "Brazil / Rio de Janeiro / Duque de Caxias",
            "Brazil / Bahia / Salvador", "Brazil / Pernambuco / Recife",
            "Brazil / Amazonas / Manaus",
        ],
        languages: &[("pt", 100)],
        phones: &["+55 11 9#### ####", "+55 21 9#### ####", "+55 71 9#### ####"],
    },
    // Jordan twice: once with names as callers type them in Arabic script,
    // once as they are often transliterated, so both appear in one list.
    Region {
        weight: 4,
        female: &["فاطمة", "مريم", "نور", "ليان", "سلمى", "هبة", "رغد", "جنى"],
        male: &["محمد", "أحمد", "يوسف", "عمر", "خالد", "حمزة", "زيد", "إبراهيم"],
        family: &["حداد", "الخطيب", "النجار", "العلي", "المصري", "خليل", "صالح", "الزعبي"],
        family_first: false,
        places: JORDAN_PLACES,
        languages: &[("ar", 100)],
        phones: JORDAN_PHONES,
    },
    Region {
        weight: 3,
        female: &["Rania", "Hala", "Dana", "Yasmin", "Layan", "Nour", "Shahd", "Aya"],
        male: &["Omar", "Hamza", "Zaid", "Karim", "Yousef", "Ahmad", "Tareq", "Laith"],
        family: &[
            "Haddad", "Khalil", "Nasser", "Abu Zaid", "Al-Masri", "Saleh", "Qasem", "Al-Zoubi",
        ],
        family_first: false,
        places: JORDAN_PLACES,
        languages: &[("ar", 85), ("en", 15)],
        phones: JORDAN_PHONES,
    },
    Region {
        weight: 4,
        female: &["Ayşe", "Elif", "Zeynep", "Fatma", "Büşra", "Merve", "Ece", "Nur", "Şeyma"],
        male: &["Mehmet", "Mustafa", "Emre", "Yusuf", "Ömer", "Can", "Burak", "Eymen", "Çağrı"],
        family: &[
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan",
            "Doğan",
        ],
        family_first: false,
        places: &[
            "Türkiye / İstanbul / Esenyurt", "Türkiye / Ankara / Altındağ",
            "Türkiye / Gaziantep / Şahinbey", "Türkiye / İzmir / Karabağlar",
        ],
        languages: &[("tr", 80), ("ar", 12), ("ku", 8)],
        phones: &["+90 5## ### ## ##"],
    },
    Region {
        weight: 3,
        female: &["Zoë", "Emma", "Julia", "Sanne", "Fleur", "Noor", "Saar", "Lotte", "Chloë"],
        male: &["Daan", "Sem", "Lucas", "Bram", "Thijs", "Finn", "Jesse", "Mohamed", "Joël"],
        family: &[
            "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
            "El Amrani", "Boateng",
        ],
        family_first: false,
        places: &[
            "Netherlands / Noord-Holland / Amsterdam", "Netherlands / Zuid-Holland / Rotterdam",
            "Netherlands / Utrecht / Utrecht", "Netherlands / Noord-Brabant / Eindhoven",
        ],
        languages: &[("nl", 80), ("en", 10), ("ar", 5), ("tr", 5)],
        phones: &["+31 6 ########"],
    },
    Region {
        weight: 2,
        female: &["Ioana", "Maria", "Andreea", "Elena", "Ștefania", "Bianca", "Alexandra"],
        male: &["Andrei", "Ionuț", "Mihai", "Alexandru", "Ștefan", "Răzvan", "Florin"],
        family: &["Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Constantin", "Lăcătuș"],
        family_first: false,
        places: &[
            "Romania / București / Sector 5", "Romania / Cluj / Cluj-Napoca",
            "Romania / Iași / Iași",
        ],
        languages: &[("ro", 90), ("rom", 7), ("hu", 3)],
        phones: &["+40 7## ### ###"],
    },
];

const JORDAN_PLACES: &[&str] = &[
    "Jordan / Amman / Marka",
    "Jordan / Irbid / Ar-Ramtha",
    "Jordan / Zarqa / Russeifa",
    "Jordan / Mafraq / Zaatari camp",
];

const JORDAN_PHONES: &[&str] = &["+962 7# ### ####"];

/// Given and family names for the demo staff accounts.
#[rustfmt::skip]
pub(super) const STAFF_GIVEN: &[&str] = &[
    "Grace", "Amina", "Peter", "Joyce", "Samuel", "Esther", "Daniel", "Wanjiru", "Moses", "Lucy",
    "Ibrahim", "Catherine", "Tendai", "Rose", "Paul", "Fatuma", "Dennis", "Agnes", "Abdi", "Ruth",
    "Collins", "Naliaka", "George", "Mary", "Felix", "Sharon", "Hussein",
];

/// See [`STAFF_GIVEN`]; the two lengths are coprime, so pairs repeat late.
#[rustfmt::skip]
pub(super) const STAFF_FAMILY: &[&str] = &[
    "Achieng", "Mohamed", "Mwangi", "Njeri", "Otieno", "Wambui", "Kiptoo", "Adhiambo", "Karanja",
    "Nduta", "Hassan", "Chepkemoi", "Owino", "Muthoni", "Kimani", "Awuor",
];
