/* gen_data.c - the generator's built-in tables; see gen_data.h. */
#include "gen_data.h"

#include "skillsbot/generate.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define POOL(g, f, latin) {g, N(g), f, N(f), latin}
#define BIT(i) (1u << (i))

/* About two thirds Middle East and Africa, then South Asia, Latin America
 * and a few percent for the rest, as in the program's participation. */
const int sb_gen_region_weight[SB_GEN_REGION_COUNT] = {
	[SB_GEN_SSA] = 36, [SB_GEN_MENA] = 30, [SB_GEN_SA] = 16,
	[SB_GEN_LAC] = 9, [SB_GEN_ESEAP] = 4, [SB_GEN_CEE] = 3,
	[SB_GEN_NWE] = 1, [SB_GEN_USCA] = 1,
};

/* ---- names ------------------------------------------------------------ */

enum {
	P_WEST_FR, P_WEST_EN, P_SAHEL, P_EAST, P_CENTRAL, P_SOUTH, P_MAGHREB,
	P_ARABIC, P_MASHRIQ, P_PERSIAN, P_DEVANAGARI, P_SOUTH_ASIA, P_BENGALI,
	P_URDU, P_HISPANIC, P_BRAZIL, P_ESEAP, P_CEE, P_NWE, P_USCA
};

static const char *const west_fr_g[] = {
	"Amadou", "Fatou", "Moussa", "Aminata", "Ibrahima", "Awa", "Ousmane",
	"Mariam", "Cheikh", "Aïssatou", "Seydou", "Kadiatou", "Mamadou", "Rokia",
};
static const char *const west_fr_f[] = {
	"Diallo", "Ndiaye", "Traoré", "Koné", "Sow", "Diop", "Camara",
	"Ouédraogo", "Coulibaly", "Sy", "Cissé", "Keïta", "Sawadogo", "Touré",
};
static const char *const west_en_g[] = {
	"Chinedu", "Ngozi", "Emeka", "Adaeze", "Tunde", "Funmilayo", "Kwame",
	"Akosua", "Kofi", "Abena", "Yaw", "Oluwaseun", "Adébáyọ̀", "Chiamaka",
};
static const char *const west_en_f[] = {
	"Okafor", "Adeyemi", "Mensah", "Owusu", "Boateng", "Okonkwo", "Balogun",
	"Asante", "Nwosu", "Eze", "Adebayo", "Ògúnlẹ́sì", "Agyeman", "Obi",
};
static const char *const sahel_g[] = {
	"Abdullahi", "Hadiza", "Musa", "Zainab", "Usman", "Aisha", "Sani",
	"Fatima", "Habiba", "Idris", "Maryam", "Bashir",
};
static const char *const sahel_f[] = {
	"Musa", "Bello", "Abubakar", "Issoufou", "Garba", "Lawal", "Yusuf",
	"Danjuma", "Maikano", "Aliyu",
};
static const char *const east_g[] = {
	"Wanjiru", "Otieno", "Achieng", "Baraka", "Neema", "Juma", "Amani",
	"Grace", "Selam", "Mulugeta", "Hirut", "Nakato", "Faith", "Brian",
};
static const char *const east_f[] = {
	"Kamau", "Ouma", "Mwangi", "Njoroge", "Mutua", "Okello", "Tesfaye",
	"Bekele", "Haile", "Mushi", "Kiprono", "Namubiru", "Wekesa", "Mollel",
};
static const char *const central_g[] = {
	"Jean-Baptiste", "Marie-Claire", "Patrick", "Chantal", "Serge",
	"Gloria", "Didier", "Esther", "Aimé", "Clarisse", "Innocent", "Béatrice",
};
static const char *const central_f[] = {
	"Mukendi", "Ilunga", "Mbuyi", "Ngoma", "Kalala", "Tshibanda", "Mbarga",
	"Ngo Bassong", "Essomba", "Niyonzima", "Uwimana", "Habimana",
};
static const char *const south_g[] = {
	"Nomvula", "Thabo", "Sipho", "Lerato", "Tendai", "Chipo", "Kagiso",
	"Naledi", "Tatenda", "Zanele",
};
static const char *const south_f[] = {
	"Dlamini", "Nkosi", "Mokoena", "Moyo", "Ndlovu", "Banda", "Phiri",
	"Mahlangu", "Sibanda", "Khumalo",
};
static const char *const maghreb_g[] = {
	"Youssef", "Salma", "Mehdi", "Imane", "Karim", "Nadia", "Amine",
	"Yasmine", "Rachid", "Houda", "Sofiane", "Meriem",
};
static const char *const maghreb_f[] = {
	"El Amrani", "Ben Ali", "Benali", "Bouzid", "Trabelsi", "Belkacem",
	"Mansouri", "El Idrissi", "Chaouch", "Ait Ahmed",
};
static const char *const arabic_g[] = {
	"محمد", "أحمد", "فاطمة", "ليلى", "عمر", "سارة", "خالد", "نور", "يوسف",
	"مريم", "علي", "هدى",
};
static const char *const arabic_f[] = {
	"الحسيني", "حداد", "العلي", "الخطيب", "المصري", "السعدي", "الشمري",
	"النجار", "العمراني", "الزهراني",
};
static const char *const mashriq_g[] = {
	"Omar", "Layla", "Khaled", "Noura", "Ahmed", "Rania", "Hassan", "Dina",
	"Tarek", "Reem", "Ziad", "Hala",
};
static const char *const mashriq_f[] = {
	"Al-Farsi", "Haddad", "Saleh", "Khalil", "Nasser", "Al-Masri",
	"Hamdan", "Aziz", "Mahmoud", "Abdallah",
};
static const char *const persian_g[] = {
	"Reza", "Maryam", "Ali", "Zahra", "Hossein", "Sara", "Mehdi", "Niloufar",
};
static const char *const persian_f[] = {
	"Ahmadi", "Hosseini", "Rezaei", "Karimi", "Moradi", "Jafari",
};
static const char *const devanagari_g[] = {
	"राहुल", "प्रिया", "अमित", "सुनीता", "विकास", "नेहा", "अर्जुन", "पूजा",
};
static const char *const devanagari_f[] = {
	"शर्मा", "वर्मा", "गुप्ता", "सिंह", "यादव", "कुमार", "जोशी",
};
static const char *const south_asia_g[] = {
	"Rahul", "Priya", "Ayesha", "Imran", "Nirmala", "Arjun", "Sanjay",
	"Anjali", "Tharindu", "Kavya", "Suresh", "Dilani", "Bilal", "Meera",
};
static const char *const south_asia_f[] = {
	"Sharma", "Siddiqui", "Khan", "Thapa", "Perera", "Gupta", "Iyer", "Das",
	"Rahman", "Chowdhury", "Fernando", "Shrestha", "Nair", "Qureshi",
};
static const char *const bengali_g[] = {
	"অনিন্দ্য", "সুমনা", "রফিক", "তাহমিনা", "অভিজিৎ", "নুসরাত", "সাকিব",
};
static const char *const bengali_f[] = {
	"সেন", "রহমান", "ঘোষ", "চৌধুরী", "হোসেন", "দাস", "ইসলাম",
};
static const char *const urdu_g[] = {
	"عائشہ", "عمران", "فاطمہ", "علی", "زینب", "حسن",
};
static const char *const urdu_f[] = {
	"صدیقی", "خان", "حسین", "ملک", "قریشی",
};
static const char *const hispanic_g[] = {
	"María Fernanda", "José", "Valentina", "Carlos", "Lucía", "Andrés",
	"Camila", "Diego", "Ximena", "Juan Pablo", "Sofía", "Mateo",
};
static const char *const hispanic_f[] = {
	"López", "Rojas", "García", "Hernández", "Martínez", "Pérez", "Gómez",
	"Torres", "Quispe", "Mamani", "Ramírez", "Vargas",
};
static const char *const brazil_g[] = {
	"João", "Ana", "Pedro", "Juliana", "Lucas", "Mariana", "Rafael",
	"Beatriz", "Thiago", "Larissa",
};
static const char *const brazil_f[] = {
	"da Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa",
	"Ferreira", "Almeida", "Lima", "Rodrigues",
};
static const char *const eseap_g[] = {
	"Maria", "Juan", "Siti", "Budi", "Dewi", "Agus", "Putri", "Minh",
	"Linh", "Wei Ling", "Aroha", "Farah",
};
static const char *const eseap_f[] = {
	"Santos", "Reyes", "dela Cruz", "Nguyen", "Wijaya", "Pratama", "Tan",
	"Lim", "Kurniawan", "Tran", "Abdullah",
};
static const char *const cee_g[] = {
	"Oksana", "Ivan", "Anna", "Piotr", "Katarzyna", "Mihai", "Elena", "Nino",
	"Giorgi", "Armen", "Milica", "Taras",
};
static const char *const cee_f[] = {
	"Kovalenko", "Nowak", "Popescu", "Beridze", "Petrov", "Hakobyan",
	"Jovanović", "Shevchenko", "Kowalska", "Ionescu",
};
static const char *const nwe_g[] = {
	"Emma", "Lars", "Sophie", "Thomas", "Ingrid", "Jan", "Camille", "Lotte",
};
static const char *const nwe_f[] = {
	"Müller", "Jansen", "Dubois", "Larsen", "Smith", "Svensson", "de Vries",
};
static const char *const usca_g[] = {
	"Emily", "Michael", "Jessica", "David", "Sarah", "Kevin", "Aiyana",
};
static const char *const usca_f[] = {
	"Johnson", "Williams", "Brown", "Tremblay", "Garcia", "Nguyen", "Roy",
};

const gen_pool sb_gen_pools[] = {
	[P_WEST_FR] = POOL(west_fr_g, west_fr_f, true),
	[P_WEST_EN] = POOL(west_en_g, west_en_f, true),
	[P_SAHEL] = POOL(sahel_g, sahel_f, true),
	[P_EAST] = POOL(east_g, east_f, true),
	[P_CENTRAL] = POOL(central_g, central_f, true),
	[P_SOUTH] = POOL(south_g, south_f, true),
	[P_MAGHREB] = POOL(maghreb_g, maghreb_f, true),
	[P_ARABIC] = POOL(arabic_g, arabic_f, false),
	[P_MASHRIQ] = POOL(mashriq_g, mashriq_f, true),
	[P_PERSIAN] = POOL(persian_g, persian_f, true),
	[P_DEVANAGARI] = POOL(devanagari_g, devanagari_f, false),
	[P_SOUTH_ASIA] = POOL(south_asia_g, south_asia_f, true),
	[P_BENGALI] = POOL(bengali_g, bengali_f, false),
	[P_URDU] = POOL(urdu_g, urdu_f, false),
	[P_HISPANIC] = POOL(hispanic_g, hispanic_f, true),
	[P_BRAZIL] = POOL(brazil_g, brazil_f, true),
	[P_ESEAP] = POOL(eseap_g, eseap_f, true),
	[P_CEE] = POOL(cee_g, cee_f, true),
	[P_NWE] = POOL(nwe_g, nwe_f, true),
	[P_USCA] = POOL(usca_g, usca_f, true),
};
const size_t sb_gen_n_pools = N(sb_gen_pools);

/* ---- countries -------------------------------------------------------- */

#define H(h) ((h) * 60)

const gen_country sb_gen_countries[] = {
	/* Sub-Saharan Africa */
	{"NG", "Nigeria", SB_GEN_SSA, 20, {"Africa/Lagos"}, {H(1)},
	 {"yo", "ig", "ha", "pcm"}, {"en"}, BIT(P_WEST_EN) | BIT(P_SAHEL),
	 "Wikimedia User Group Nigeria", GEN_EN, "en"},
	{"GH", "Ghana", SB_GEN_SSA, 9, {"Africa/Accra"}, {0},
	 {"tw", "ee", "ak"}, {"en"}, BIT(P_WEST_EN),
	 "Wikimedia Ghana User Group", GEN_EN, "en"},
	{"KE", "Kenya", SB_GEN_SSA, 9, {"Africa/Nairobi"}, {H(3)},
	 {"sw", "ki"}, {"en", "sw"}, BIT(P_EAST),
	 "Wikimedia Community User Group Kenya", GEN_EN, "en"},
	{"UG", "Uganda", SB_GEN_SSA, 6, {"Africa/Kampala"}, {H(3)},
	 {"lg"}, {"en", "sw"}, BIT(P_EAST),
	 "Wikimedians of Uganda User Group", GEN_EN, "en"},
	{"TZ", "Tanzania", SB_GEN_SSA, 5, {"Africa/Dar_es_Salaam"}, {H(3)},
	 {"sw"}, {"en"}, BIT(P_EAST),
	 "Wikimedia Community User Group Tanzania", GEN_EN, "en"},
	{"ET", "Ethiopia", SB_GEN_SSA, 4, {"Africa/Addis_Ababa"}, {H(3)},
	 {"am", "om", "ti"}, {"en"}, BIT(P_EAST),
	 "Wikimedians of Ethiopia User Group", GEN_EN, "en"},
	{"SN", "Senegal", SB_GEN_SSA, 5, {"Africa/Dakar"}, {0},
	 {"wo", "fr"}, {"fr", "en"}, BIT(P_WEST_FR),
	 "Wikimedia Sénégal", GEN_FR, "fr"},
	{"CI", "Côte d'Ivoire", SB_GEN_SSA, 5, {"Africa/Abidjan"}, {0},
	 {"fr", "dyu"}, {"en"}, BIT(P_WEST_FR),
	 "Wikimedia Côte d'Ivoire", GEN_FR, "fr"},
	{"CM", "Cameroon", SB_GEN_SSA, 5, {"Africa/Douala"}, {H(1)},
	 {"fr", "bas"}, {"en", "fr"}, BIT(P_CENTRAL),
	 "Wikimedia Cameroun", GEN_FR, "fr"},
	{"CD", "Congo, The Democratic Republic of the", SB_GEN_SSA, 5, {"Africa/Kinshasa", "Africa/Lubumbashi"},
	 {H(1), H(2)}, {"ln", "fr", "sw"}, {"fr", "en"}, BIT(P_CENTRAL),
	 "Wikimedia RDC", GEN_FR, "fr"},
	{"ML", "Mali", SB_GEN_SSA, 3, {"Africa/Bamako"}, {0},
	 {"bm"}, {"fr"}, BIT(P_WEST_FR), NULL, GEN_FR, "fr"},
	{"BF", "Burkina Faso", SB_GEN_SSA, 3, {"Africa/Ouagadougou"}, {0},
	 {"mos", "fr"}, {"fr"}, BIT(P_WEST_FR),
	 "Wikimedians of Burkina Faso", GEN_FR, "fr"},
	{"NE", "Niger", SB_GEN_SSA, 2, {"Africa/Niamey"}, {H(1)},
	 {"ha"}, {"fr", "ar"}, BIT(P_SAHEL), NULL, GEN_FR, "fr"},
	{"BJ", "Benin", SB_GEN_SSA, 3, {"Africa/Porto-Novo"}, {H(1)},
	 {"fon", "yo"}, {"fr", "en"}, BIT(P_WEST_FR),
	 "Wikimedia Bénin", GEN_FR, "fr"},
	{"RW", "Rwanda", SB_GEN_SSA, 3, {"Africa/Kigali"}, {H(2)},
	 {"rw"}, {"en", "fr", "sw"}, BIT(P_CENTRAL),
	 "Wikimedians of Rwanda", GEN_EN, "en"},
	{"ZA", "South Africa", SB_GEN_SSA, 6, {"Africa/Johannesburg"}, {H(2)},
	 {"zu", "xh", "af", "en"}, {"en"}, BIT(P_SOUTH),
	 "Wikimedia ZA", GEN_EN, "en"},
	{"ZW", "Zimbabwe", SB_GEN_SSA, 3, {"Africa/Harare"}, {H(2)},
	 {"sn"}, {"en"}, BIT(P_SOUTH), NULL, GEN_EN, "en"},
	{"AO", "Angola", SB_GEN_SSA, 2, {"Africa/Luanda"}, {H(1)},
	 {"pt"}, {"en"}, BIT(P_CENTRAL), NULL, GEN_PT, "pt"},
	{"MZ", "Mozambique", SB_GEN_SSA, 2, {"Africa/Maputo"}, {H(2)},
	 {"pt"}, {"en"}, BIT(P_SOUTH), NULL, GEN_PT, "pt"},
	/* Middle East and North Africa */
	{"EG", "Egypt", SB_GEN_MENA, 16, {"Africa/Cairo"}, {H(2)},
	 {"ar"}, {"en", "fr"}, BIT(P_ARABIC) | BIT(P_MASHRIQ),
	 "Wikimedians of Egypt", GEN_AR, "ar"},
	{"MA", "Morocco", SB_GEN_MENA, 10, {"Africa/Casablanca"}, {H(1)},
	 {"ar", "zgh"}, {"fr", "en"}, BIT(P_MAGHREB) | BIT(P_ARABIC),
	 "Wikimedia Maroc", GEN_FR, "fr"},
	{"DZ", "Algeria", SB_GEN_MENA, 9, {"Africa/Algiers"}, {H(1)},
	 {"ar", "kab"}, {"fr", "en"}, BIT(P_MAGHREB) | BIT(P_ARABIC),
	 "Wikimedians of Algeria", GEN_FR, "fr"},
	{"TN", "Tunisia", SB_GEN_MENA, 8, {"Africa/Tunis"}, {H(1)},
	 {"ar"}, {"fr", "en"}, BIT(P_MAGHREB) | BIT(P_ARABIC),
	 "Wikimedia Tunisie", GEN_FR, "fr"},
	{"JO", "Jordan", SB_GEN_MENA, 7, {"Asia/Amman"}, {H(3)},
	 {"ar"}, {"en"}, BIT(P_MASHRIQ) | BIT(P_ARABIC),
	 "Wikimedians of the Levant", GEN_AR, "ar"},
	{"LB", "Lebanon", SB_GEN_MENA, 5, {"Asia/Beirut"}, {H(2)},
	 {"ar"}, {"fr", "en"}, BIT(P_MASHRIQ),
	 "Wikimedians of the Levant", GEN_EN, "en"},
	{"IQ", "Iraq", SB_GEN_MENA, 8, {"Asia/Baghdad"}, {H(3)},
	 {"ar", "ku"}, {"en"}, BIT(P_MASHRIQ) | BIT(P_ARABIC),
	 "Iraqi Wikimedians User Group", GEN_AR, "ar"},
	{"PS", "Palestine, State of", SB_GEN_MENA, 5,
	 {"Asia/Gaza", "Asia/Hebron"}, {H(2), H(2)},
	 {"ar"}, {"en"}, BIT(P_MASHRIQ) | BIT(P_ARABIC),
	 "Wikimedians of the Levant", GEN_AR, "ar"},
	{"SA", "Saudi Arabia", SB_GEN_MENA, 8, {"Asia/Riyadh"}, {H(3)},
	 {"ar"}, {"en"}, BIT(P_ARABIC) | BIT(P_MASHRIQ),
	 NULL, GEN_AR, "ar"},
	{"AE", "United Arab Emirates", SB_GEN_MENA, 4, {"Asia/Dubai"}, {H(4)},
	 {"ar"}, {"en"}, BIT(P_MASHRIQ), NULL, GEN_EN, "en"},
	{"YE", "Yemen", SB_GEN_MENA, 3, {"Asia/Aden"}, {H(3)},
	 {"ar"}, {"en"}, BIT(P_ARABIC), NULL, GEN_AR, "ar"},
	{"LY", "Libya", SB_GEN_MENA, 3, {"Africa/Tripoli"}, {H(2)},
	 {"ar"}, {"en"}, BIT(P_ARABIC) | BIT(P_MAGHREB), NULL, GEN_AR, "ar"},
	{"SY", "Syria", SB_GEN_MENA, 4, {"Asia/Damascus"}, {H(3)},
	 {"ar", "ku"}, {"en", "fr"}, BIT(P_ARABIC) | BIT(P_MASHRIQ),
	 NULL, GEN_AR, "ar"},
	{"IR", "Iran", SB_GEN_MENA, 6, {"Asia/Tehran"}, {H(3) + 30},
	 {"fa"}, {"en"}, BIT(P_PERSIAN), NULL, GEN_EN, "en"},
	/* South Asia */
	{"IN", "India", SB_GEN_SA, 50, {"Asia/Kolkata"}, {H(5) + 30},
	 {"hi", "bn", "ta", "te"}, {"en", "hi"},
	 BIT(P_DEVANAGARI) | BIT(P_SOUTH_ASIA) | BIT(P_BENGALI),
	 "Wikimedians of India", GEN_EN, "en"},
	{"BD", "Bangladesh", SB_GEN_SA, 18, {"Asia/Dhaka"}, {H(6)},
	 {"bn"}, {"en"}, BIT(P_BENGALI) | BIT(P_SOUTH_ASIA),
	 "Wikimedia Bangladesh", GEN_EN, "en"},
	{"PK", "Pakistan", SB_GEN_SA, 15, {"Asia/Karachi"}, {H(5)},
	 {"ur", "pa", "ps", "sd"}, {"en", "ur"},
	 BIT(P_URDU) | BIT(P_SOUTH_ASIA),
	 "Wikimedia Community User Group Pakistan", GEN_EN, "en"},
	{"NP", "Nepal", SB_GEN_SA, 10, {"Asia/Kathmandu"}, {H(5) + 45},
	 {"ne"}, {"en", "hi"}, BIT(P_SOUTH_ASIA),
	 "Wikimedians of Nepal", GEN_EN, "en"},
	{"LK", "Sri Lanka", SB_GEN_SA, 7, {"Asia/Colombo"}, {H(5) + 30},
	 {"si", "ta"}, {"en"}, BIT(P_SOUTH_ASIA),
	 "Wikimedia Community User Group Sri Lanka", GEN_EN, "en"},
	/* Latin America and the Caribbean */
	{"BR", "Brazil", SB_GEN_LAC, 30,
	 {"America/Sao_Paulo", "America/Manaus", "America/Recife"},
	 {H(-3), H(-4), H(-3)}, {"pt"}, {"es", "en"}, BIT(P_BRAZIL),
	 "Wiki Movimento Brasil", GEN_PT, "pt"},
	{"MX", "Mexico", SB_GEN_LAC, 20, {"America/Mexico_City"}, {H(-6)},
	 {"es"}, {"en"}, BIT(P_HISPANIC), "Wikimedia México", GEN_ES, "es"},
	{"AR", "Argentina", SB_GEN_LAC, 12,
	 {"America/Argentina/Buenos_Aires"}, {H(-3)},
	 {"es"}, {"en", "pt"}, BIT(P_HISPANIC), "Wikimedia Argentina",
	 GEN_ES, "es"},
	{"CO", "Colombia", SB_GEN_LAC, 12, {"America/Bogota"}, {H(-5)},
	 {"es"}, {"en"}, BIT(P_HISPANIC), "Wikimedia Colombia", GEN_ES, "es"},
	{"PE", "Peru", SB_GEN_LAC, 8, {"America/Lima"}, {H(-5)},
	 {"es", "qu"}, {"en"}, BIT(P_HISPANIC), NULL, GEN_ES, "es"},
	{"BO", "Bolivia", SB_GEN_LAC, 6, {"America/La_Paz"}, {H(-4)},
	 {"es", "qu", "ay"}, {"en"}, BIT(P_HISPANIC), NULL, GEN_ES, "es"},
	{"CL", "Chile", SB_GEN_LAC, 7, {"America/Santiago"}, {H(-4)},
	 {"es"}, {"en"}, BIT(P_HISPANIC), "Wikimedia Chile", GEN_ES, "es"},
	{"VE", "Venezuela", SB_GEN_LAC, 5, {"America/Caracas"}, {H(-4)},
	 {"es"}, {"en"}, BIT(P_HISPANIC), "Wikimedia Venezuela", GEN_ES, "es"},
	/* East, Southeast Asia and Pacific */
	{"PH", "Philippines", SB_GEN_ESEAP, 35, {"Asia/Manila"}, {H(8)},
	 {"tl", "ceb"}, {"en"}, BIT(P_ESEAP),
	 "Wikimedia Community User Group Philippines", GEN_EN, "en"},
	{"ID", "Indonesia", SB_GEN_ESEAP, 35,
	 {"Asia/Jakarta", "Asia/Makassar"}, {H(7), H(8)},
	 {"id", "jv", "su"}, {"en"}, BIT(P_ESEAP), "Wikimedia Indonesia",
	 GEN_EN, "en"},
	{"MY", "Malaysia", SB_GEN_ESEAP, 15, {"Asia/Kuala_Lumpur"}, {H(8)},
	 {"ms"}, {"en"}, BIT(P_ESEAP), NULL, GEN_EN, "en"},
	{"VN", "Vietnam", SB_GEN_ESEAP, 15, {"Asia/Ho_Chi_Minh"}, {H(7)},
	 {"vi"}, {"en"}, BIT(P_ESEAP), NULL, GEN_EN, "en"},
	/* Central and Eastern Europe */
	{"UA", "Ukraine", SB_GEN_CEE, 35, {"Europe/Kyiv"}, {H(2)},
	 {"uk"}, {"ru", "en"}, BIT(P_CEE), "Wikimedia Ukraine", GEN_EN, "en"},
	{"PL", "Poland", SB_GEN_CEE, 20, {"Europe/Warsaw"}, {H(1)},
	 {"pl"}, {"en"}, BIT(P_CEE), "Wikimedia Polska", GEN_EN, "en"},
	{"RO", "Romania", SB_GEN_CEE, 15, {"Europe/Bucharest"}, {H(2)},
	 {"ro"}, {"en", "fr"}, BIT(P_CEE), NULL, GEN_EN, "en"},
	{"GE", "Georgia", SB_GEN_CEE, 15, {"Asia/Tbilisi"}, {H(4)},
	 {"ka"}, {"en", "ru"}, BIT(P_CEE), NULL, GEN_EN, "en"},
	{"AM", "Armenia", SB_GEN_CEE, 15, {"Asia/Yerevan"}, {H(4)},
	 {"hy"}, {"ru", "en"}, BIT(P_CEE), "Wikimedia Armenia", GEN_EN, "en"},
	/* Northern and Western Europe */
	{"DE", "Germany", SB_GEN_NWE, 35, {"Europe/Berlin"}, {H(1)},
	 {"de"}, {"en"}, BIT(P_NWE), NULL, GEN_EN, "en"},
	{"FR", "France", SB_GEN_NWE, 30, {"Europe/Paris"}, {H(1)},
	 {"fr"}, {"en"}, BIT(P_NWE), "Wikimédia France", GEN_FR, "fr"},
	{"NL", "Netherlands", SB_GEN_NWE, 15, {"Europe/Amsterdam"}, {H(1)},
	 {"nl"}, {"en"}, BIT(P_NWE), NULL, GEN_EN, "en"},
	{"GB", "United Kingdom", SB_GEN_NWE, 20, {"Europe/London"}, {0},
	 {"en"}, {"fr"}, BIT(P_NWE), "Wikimedia UK", GEN_EN, "en"},
	/* United States and Canada */
	{"US", "United States", SB_GEN_USCA, 70,
	 {"America/New_York", "America/Chicago", "America/Los_Angeles"},
	 {H(-5), H(-6), H(-8)}, {"en"}, {"es"}, BIT(P_USCA),
	 NULL, GEN_EN, "en"},
	{"CA", "Canada", SB_GEN_USCA, 30,
	 {"America/Toronto", "America/Vancouver"}, {H(-5), H(-8)},
	 {"en", "fr"}, {"fr", "en"}, BIT(P_USCA), "Wikimedia Canada",
	 GEN_EN, "en"},
};
const size_t sb_gen_n_countries = N(sb_gen_countries);

/* ---- skills ----------------------------------------------------------- */

const char *const sb_gen_unmapped[] = {
	"Podcasting", "Video editing", "Photography", "Graphic design",
	"Community radio", "OpenStreetMap", "Web development",
	"Python programming", "Canva", "Oral citations", "Audio recording",
	"Fact-checking", "Digital security", "Kiswahili typing",
	"Radio communautaire", "Diseño gráfico",
};
const size_t sb_gen_n_unmapped = N(sb_gen_unmapped);

const char *const sb_gen_plain_skills[] = {
	"Grant writing", "Budgeting", "Partnerships", "Volunteer management",
	"Event organizing", "Telling impact stories", "Program evaluation",
	"Metrics", "Surveys", "Communication", "Social media",
	"Training newcomers", "Edit-a-thons", "GLAM", "Wiki Loves Monuments",
	"Education programs", "Conflict management", "Leadership",
	"Facilitation", "Public speaking", "Mentoring", "Wikidata", "Commons",
	"Wikisource", "Wiktionary", "PetScan", "P&E Dashboard", "OpenRefine",
	"Lua", "AWB", "Content Translation", "Accessibility", "UCoC",
};
const size_t sb_gen_n_plain_skills = N(sb_gen_plain_skills);

/* ---- languages -------------------------------------------------------- */

static const struct {
	const char *code, *name;
} language_names[] = {
	{"en", "English"}, {"fr", "French"}, {"ar", "Arabic"},
	{"pt", "Portuguese"}, {"es", "Spanish"}, {"yo", "Yoruba"},
	{"ig", "Igbo"}, {"ha", "Hausa"}, {"tw", "Twi"}, {"ee", "Ewe"},
	{"am", "Amharic"}, {"wo", "Wolof"}, {"ln", "Lingala"}, {"zu", "Zulu"},
	{"xh", "Xhosa"}, {"af", "Afrikaans"}, {"sn", "Shona"},
	{"rw", "Kinyarwanda"}, {"bm", "Bambara"}, {"hi", "Hindi"},
	{"bn", "Bengali"}, {"ta", "Tamil"}, {"te", "Telugu"}, {"ur", "Urdu"},
	{"si", "Sinhala"}, {"tl", "Tagalog"}, {"id", "Indonesian"},
	{"vi", "Vietnamese"}, {"uk", "Ukrainian"}, {"ru", "Russian"},
	{"pl", "Polish"}, {"de", "German"}, {"fa", "Persian"},
};

const char *sb_gen_language_name(const char *code)
{
	for (size_t i = 0; i < N(language_names); i++)
		if (strcmp(language_names[i].code, code) == 0)
			return language_names[i].name;
	return NULL;
}
