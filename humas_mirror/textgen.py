"""Deterministic Indonesian government-news prose for the synthetic part of the catalog.

A topic holds sentence banks with {slots}; a scene fills the slots with one region's places,
officials and numbers. Each article draws its own subset of sentences, so unrelated articles
share few word 5-grams (the dedup tests rely on that), while two articles about one scene
still share names and places.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from humas_mirror.fmt import DAYS, MONTHS, hari_angka

# ---- regions -----------------------------------------------------------------------------------

REGIONS = {
    "kaltim": {
        "daerah": "Kaltim", "prov": "Kalimantan Timur", "pemda": "Pemprov Kaltim",
        "kepala": "Gubernur Kaltim", "wakil": "Wakil Gubernur Kaltim", "sekda": "Sekda Kaltim",
        "venues": (("Ruang Rapat Tepian I Kantor Gubernur Kaltim", "Samarinda"),
                   ("Pendopo Lamin Etam", "Samarinda"), ("Gedung Olah Bebaya", "Samarinda"),
                   ("Hotel Mercure Samarinda", "Samarinda"), ("Ruang Heart of Borneo Kantor Gubernur", "Samarinda"),
                   ("Ballroom Hotel Novotel Balikpapan", "Balikpapan"), ("Hotel Platinum Balikpapan", "Balikpapan"),
                   ("Pendopo Odah Etam", "Tenggarong"), ("Gedung Serbaguna Bontang", "Bontang"),
                   ("Aula Kantor Bupati Paser", "Tanah Grogot"), ("Ruang Rapat Bupati Berau", "Tanjung Redeb")),
        "places": ("Kutai Kartanegara", "Paser", "Berau", "Kutai Barat", "Mahakam Ulu", "Penajam Paser Utara",
                   "Bontang", "Balikpapan", "Samarinda", "Kutai Timur"),
        "villages": ("Desa Loa Duri", "Desa Sumber Sari", "Kelurahan Sempaja", "Desa Tanjung Limau",
                     "Desa Long Bagun", "Kelurahan Manggar", "Desa Sepaku", "Desa Muara Badak Ulu"),
    },
    "kutim": {
        "daerah": "Kutim", "prov": "Kutai Timur", "pemda": "Pemkab Kutim",
        "kepala": "Bupati Kutim", "wakil": "Wakil Bupati Kutim", "sekda": "Sekda Kutim",
        "venues": (("Ruang Meranti Kantor Bupati Kutim", "Sangatta"), ("Gedung Serba Guna Bukit Pelangi", "Sangatta"),
                   ("Ruang Arau Kantor Bupati Kutim", "Sangatta"), ("Taman Bersemi Sangatta", "Sangatta"),
                   ("Hotel Royal Victoria Sangatta", "Sangatta"), ("Kantor Camat Bengalon", "Bengalon"),
                   ("Balai Pertemuan Umum Muara Wahau", "Muara Wahau"), ("Kantor Camat Sangkulirang", "Sangkulirang")),
        "places": ("Sangatta Utara", "Sangatta Selatan", "Bengalon", "Muara Wahau", "Kaliorang", "Sangkulirang",
                   "Rantau Pulung", "Teluk Pandan", "Kongbeng", "Muara Ancalong", "Telen", "Batu Ampar"),
        "villages": ("Desa Swarga Bara", "Desa Singa Gembara", "Desa Sepaso", "Desa Miau Baru", "Desa Kaubun",
                     "Desa Tepian Langsat", "Desa Sangkima", "Desa Manubar"),
    },
    "ntt": {
        "daerah": "NTT", "prov": "Nusa Tenggara Timur", "pemda": "Pemprov NTT",
        "kepala": "Gubernur NTT", "wakil": "Wakil Gubernur NTT", "sekda": "Sekda NTT",
        "venues": (("Aula El Tari Kantor Gubernur NTT", "Kupang"), ("Gedung Sasando", "Kupang"),
                   ("Hotel Aston Kupang", "Kupang"), ("Aula Fernandez Kantor Gubernur NTT", "Kupang"),
                   ("Rumah Jabatan Gubernur NTT", "Kupang"), ("Aula Setda Kabupaten Ende", "Ende"),
                   ("Hotel Sylvia Maumere", "Maumere"), ("Aula Kantor Bupati Sumba Timur", "Waingapu"),
                   ("Gedung Wanita Betun", "Betun"), ("Aula Kantor Bupati Manggarai Barat", "Labuan Bajo")),
        "places": ("Kabupaten Kupang", "Timor Tengah Selatan", "Belu", "Malaka", "Ende", "Sikka", "Flores Timur",
                   "Manggarai Barat", "Sumba Timur", "Sumba Barat Daya", "Alor", "Rote Ndao", "Lembata", "Ngada"),
        "villages": ("Desa Oelnasi", "Desa Kuanheun", "Desa Wolotopo", "Desa Lamalera", "Desa Praingkareha",
                     "Desa Fatukoto", "Desa Nggela", "Desa Oebelo"),
    },
}

NAMES = {
    "kaltim": ("Rusdiansyah Aras", "Hj. Nurhidayah", "Syahrul Mubarak", "Akhmad Fauzan", "Rina Kartikasari",
               "Muhammad Yusran", "Dedy Irawansyah", "Sri Wulandari", "Andi Baso Rahman", "Heru Santoso",
               "Fitriani Noor", "Zainal Abidin", "Edy Kurniawan", "Norhayati", "Bambang Arwanto",
               "Yusliandi", "Ahmad Jubaidi", "Rahmawati Lestari", "Iwan Darmawan", "Sugiarto Hadi"),
    "kutim": ("Ardiansyah Sulaiman", "Kasmidi Bulang", "Rizali Hadi", "Poniso Suryo", "Bahrani Hasanal",
              "Yuli Sa'pang", "Mulyono", "Haris Kadir", "Novel Tyty Paembonan", "Zubair",
              "Siti Robiah", "Jimmi Ramba", "Sulastin", "Muhammad Basuni", "Roma Malau", "Irawan Satriadi"),
    "ntt": ("Yosef Nai Buti", "Maria Goreti Lake", "Fransiskus Bere", "Yohanes Lado", "Agustinus Umbu Jawa",
            "Stefanus Mau", "Theresia Ina Kii", "Marthen Ndolu", "Benediktus Lelo", "Aleta Ndun",
            "Simon Petrus Kadja", "Lusia Rambu Ana", "Dominikus Wea", "Yakobus Seran", "Ester Manafe",
            "Rofinus Dhae"),
}

# ---- topics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    key: str
    sector: str            # maps to each site's categories (content.CATEGORIES)
    since: int             # first year the topic makes sense (no COVID vaccines in 2014)
    agency: str
    angles: tuple[tuple[str, str, str], ...]   # (lead, headline, alternative headline)
    facts: tuple[str, ...]
    quotes: tuple[str, ...]
    captions: tuple[str, ...]
    tags: tuple[str, ...]


TOPICS = (
    Topic("inflasi", "agenda", 2019, "Biro Perekonomian",
          (("{pemda} melalui {dinas} menggelar rapat koordinasi Tim Pengendalian Inflasi Daerah (TPID) di {lokasi}, {hari}. Rapat membahas ketersediaan stok dan keterjangkauan harga bahan pokok menjelang {hbkn}.",
            "{pemda} Perkuat Koordinasi Pengendalian Inflasi Jelang {hbkn}",
            "Jelang {hbkn}, TPID {daerah} Pastikan Stok Bahan Pokok Aman"),
           ("Tim Pengendalian Inflasi Daerah (TPID) {daerah} kembali berkumpul di {lokasi}, {hari}, untuk memetakan penyebab kenaikan harga sejumlah komoditas. Pertemuan dipimpin {sekda} dan diikuti perwakilan {n1} instansi.",
            "Rakor TPID {daerah} Petakan Penyebab Kenaikan Harga di {kota}",
            "{sekda} Pimpin Rapat TPID Bersama {n1} Instansi"),
           ("Harga cabai rawit di sejumlah pasar tradisional {kota} merangkak naik dalam dua pekan terakhir. Menyikapi hal itu, TPID {daerah} menggelar rapat terbatas di {lokasi}, {hari}.",
            "Harga Cabai Naik, TPID {daerah} Gelar Rapat di {kota}",
            "TPID {daerah} Siapkan Operasi Pasar Redam Harga Cabai di {kota}")),
          ("Berdasarkan data Badan Pusat Statistik, inflasi tahunan di wilayah ini tercatat {pct} persen, sedikit di atas rata-rata nasional.",
           "Komoditas yang paling berpengaruh terhadap inflasi bulan lalu antara lain cabai rawit, bawang merah, beras dan tarif angkutan udara.",
           "TPID menyepakati operasi pasar di {n2} titik serta penguatan pengawasan distribusi barang yang masuk dari luar daerah.",
           "Pemerintah kabupaten dan kota diminta menggencarkan gerakan menanam cabai di pekarangan untuk mengurangi ketergantungan pasokan.",
           "Perum Bulog setempat memastikan cadangan beras di gudang mencukupi kebutuhan masyarakat hingga {n3} bulan ke depan.",
           "Rapat turut dihadiri perwakilan Bank Indonesia, Bulog, Satgas Pangan Polda dan kepala perangkat daerah terkait."),
          ("Kita tidak ingin kenaikan harga membebani daya beli masyarakat, karena itu koordinasi lintas instansi harus terus diperkuat",
           "Stok aman, yang perlu dijaga adalah kelancaran distribusi dan jangan sampai ada penimbunan",
           "Setiap pekan kami memantau harga di pasar tradisional dan melaporkannya langsung kepada pimpinan"),
          ("{sekda} memimpin rapat koordinasi TPID di {lokasi}.", "Suasana rapat koordinasi pengendalian inflasi daerah."),
          ("Inflasi", "TPID", "Harga Pangan")),
    Topic("vaksin", "kesehatan", 2021, "Dinas Kesehatan",
          (("{pemda} bersama TNI dan Polri menggelar vaksinasi massal di {lokasi}, {hari}. Kegiatan ini menargetkan {n3} ribu warga dari berbagai kelompok usia.",
            "Vaksinasi Massal di {kota} Sasar {n3} Ribu Warga",
            "{pemda} Gandeng TNI-Polri Gelar Vaksinasi Massal di {kota}"),
           ("{kepala} meninjau langsung pelaksanaan vaksinasi COVID-19 di {lokasi}, {hari}. Peninjauan dilakukan untuk memastikan layanan berjalan tertib dan sesuai protokol kesehatan.",
            "{kepala} Tinjau Gerai Vaksinasi di {kota}",
            "Pastikan Layanan Tertib, {kepala} Sambangi Gerai Vaksin {kota}"),
           ("Capaian vaksinasi COVID-19 dosis kedua di {daerah} terus dikejar agar kekebalan kelompok segera terbentuk. {dinas} membuka gerai tambahan di {lokasi} mulai {hari}.",
            "Capaian Vaksinasi Dosis Kedua di {daerah} Terus Dikejar",
            "Kejar Dosis Kedua, {dinas} Buka Gerai Tambahan di {kota}")),
          ("Hingga pekan ini cakupan vaksinasi dosis pertama telah mencapai {pct} persen dari sasaran.",
           "Petugas menyiapkan {n2} meja skrining dan memprioritaskan lansia serta penyandang disabilitas.",
           "Warga cukup membawa kartu tanda penduduk dan tidak dipungut biaya apa pun.",
           "Vaksin yang digunakan merupakan alokasi dari Kementerian Kesehatan yang tiba di {kota} awal bulan ini.",
           "Tim vaksinator juga menjemput bola ke desa-desa yang jauh dari fasilitas kesehatan.",
           "Pemerintah meminta masyarakat tidak termakan kabar bohong soal efek samping vaksin yang beredar di media sosial."),
          ("Vaksin ini aman dan halal, jadi jangan ragu untuk datang ke gerai terdekat",
           "Kami ingin kekebalan kelompok segera terbentuk agar kegiatan ekonomi masyarakat kembali normal",
           "Antusiasme warga luar biasa, sejak pagi antrean sudah terbentuk"),
          ("Petugas menyuntikkan vaksin kepada warga di {lokasi}.", "{kepala} meninjau antrean vaksinasi di {kota}."),
          ("Vaksinasi", "COVID-19", "Kesehatan")),
    Topic("banjir", "bencana", 2013, "Badan Penanggulangan Bencana Daerah",
          (("Hujan deras yang mengguyur sejak malam hari menyebabkan banjir di {tempat}, {hari}. Sedikitnya {n1} rumah warga terendam dengan ketinggian air mencapai satu meter.",
            "Banjir Rendam {n1} Rumah di {tempat}",
            "Diguyur Hujan Semalaman, {tempat} Terendam Banjir"),
           ("Badan Penanggulangan Bencana Daerah (BPBD) {daerah} menyalurkan bantuan logistik bagi warga terdampak banjir di {tempat}, {hari}. Bantuan berupa beras, mi instan, air mineral dan selimut.",
            "BPBD {daerah} Salurkan Bantuan untuk Korban Banjir {tempat}",
            "Korban Banjir {tempat} Terima Bantuan Logistik dari BPBD"),
           ("Banjir yang merendam {tempat} sejak awal pekan mulai surut, {hari}. Warga yang sempat mengungsi perlahan kembali ke rumah untuk membersihkan lumpur.",
            "Warga {tempat} Mulai Kembali ke Rumah Usai Banjir Surut",
            "Banjir Surut, Warga {tempat} Bersihkan Lumpur")),
          ("Petugas gabungan mengevakuasi warga lanjut usia dan anak-anak menggunakan perahu karet.",
           "Sebanyak {n2} kepala keluarga sempat mengungsi ke balai desa dan rumah ibadah terdekat.",
           "Dapur umum didirikan untuk memenuhi kebutuhan makan para pengungsi selama tiga hari.",
           "Tidak ada korban jiwa dalam peristiwa tersebut, namun akses jalan antardesa sempat terputus.",
           "BPBD terus memantau debit air sungai karena curah hujan diperkirakan masih tinggi sepekan ke depan.",
           "Tim kesehatan membuka posko pelayanan untuk warga yang mengeluhkan gatal-gatal dan diare."),
          ("Kami minta warga di bantaran sungai tetap waspada dan segera melapor jika air kembali naik",
           "Bantuan akan terus kami salurkan sampai kondisi warga benar-benar pulih",
           "Normalisasi sungai menjadi pekerjaan rumah bersama antara provinsi dan kabupaten"),
          ("Petugas BPBD mengevakuasi warga di {tempat}.", "Kondisi permukiman warga yang terendam banjir."),
          ("Banjir", "BPBD", "Bencana")),
    Topic("umkm", "umkm", 2013, "Dinas Koperasi dan UKM",
          (("Sebanyak {n1} pelaku usaha mikro, kecil dan menengah mengikuti pelatihan pemasaran digital yang digelar {dinas} di {lokasi}, {hari}. Pelatihan berlangsung selama tiga hari.",
            "{n1} Pelaku UMKM di {kota} Ikuti Pelatihan Pemasaran Digital",
            "{dinas} Latih {n1} Pelaku UMKM Jualan Daring"),
           ("{dinas} menggelar bazar produk usaha mikro, kecil dan menengah (UMKM) di {lokasi}, {hari}. Puluhan stan menampilkan kuliner, kerajinan dan kain tradisional.",
            "Bazar UMKM di {kota} Catat Transaksi Rp{n3} Juta",
            "Puluhan Stan Ramaikan Bazar UMKM {daerah} di {kota}"),
           ("{dinas} terus mendorong produk usaha mikro, kecil dan menengah agar mampu menembus pasar ekspor. Hal itu disampaikan dalam temu usaha di {lokasi}, {hari}.",
            "{dinas} Dorong Produk UMKM Tembus Pasar Ekspor",
            "Temu Usaha di {kota}, Produk UMKM {daerah} Dibidik Pasar Ekspor")),
          ("Peserta dibekali materi fotografi produk, pengelolaan lokapasar dan pencatatan keuangan sederhana.",
           "Sebagian besar peserta merupakan pelaku usaha rumahan yang baru merintis usaha dalam dua tahun terakhir.",
           "Pemerintah juga memfasilitasi pengurusan Nomor Induk Berusaha dan sertifikat halal secara gratis.",
           "Produk unggulan seperti amplang, kerupuk ikan dan kopi lokal menjadi incaran pengunjung.",
           "Selain pelatihan, pelaku usaha akan didampingi untuk mengakses kredit usaha rakyat di bank daerah.",
           "Data dinas mencatat jumlah UMKM di wilayah ini mencapai lebih dari {n3} ribu unit usaha."),
          ("UMKM adalah tulang punggung ekonomi daerah, mereka harus naik kelas dan mampu bersaing",
           "Kami ingin produk lokal tampil di etalase digital, tidak hanya dijual di pasar dekat rumah",
           "Kemasan dan legalitas menjadi kunci agar produk bisa masuk ke toko modern"),
          ("Pelaku UMKM mengikuti pelatihan di {lokasi}.", "Pengunjung memadati stan produk lokal di {kota}."),
          ("UMKM", "Ekonomi Kreatif", "Koperasi")),
    Topic("ikn", "pimpinan", 2020, "Biro Pemerintahan",
          (("{kepala} memaparkan kesiapan {prov} sebagai daerah penyangga Ibu Kota Nusantara (IKN) dalam rapat sinergi di {lokasi}, {hari}. Rapat dihadiri jajaran Otorita IKN dan kementerian terkait.",
            "{kepala} Paparkan Kesiapan Daerah Penyangga IKN",
            "Rapat Sinergi IKN di {kota}, {pemda} Siap Jadi Penyangga"),
           ("{pemda} terus menyiapkan sumber daya manusia lokal agar dapat terserap dalam pembangunan Ibu Kota Nusantara. Hal itu mengemuka dalam pertemuan di {lokasi}, {hari}.",
            "{pemda} Siapkan Tenaga Kerja Lokal untuk Proyek IKN",
            "SDM Lokal Disiapkan Sambut Pembangunan IKN"),
           ("Pembangunan Ibu Kota Nusantara diharapkan memberi dampak ekonomi bagi pelaku usaha di {tempat}. Harapan itu disampaikan {wakil} saat membuka forum investasi di {lokasi}, {hari}.",
            "{wakil} Buka Forum Investasi Daerah Penyangga IKN",
            "Forum Investasi di {kota} Bahas Peluang Usaha dari IKN")),
          ("Pemerintah daerah menyiapkan pelatihan vokasi bagi {n1} pemuda di bidang konstruksi dan perhotelan.",
           "Infrastruktur jalan penghubung menuju kawasan inti pusat pemerintahan menjadi prioritas pembahasan.",
           "Ketersediaan pangan bagi pekerja proyek juga dibahas bersama dinas pertanian dan perikanan.",
           "Pemerintah berharap pembangunan IKN membawa dampak ekonomi langsung bagi masyarakat di sekitar Sepaku.",
           "Sejumlah perusahaan diminta memprioritaskan tenaga kerja dari kabupaten dan kota di {prov}.",
           "Pemetaan lahan dan penyelesaian tumpang tindih kepemilikan masih menjadi catatan dalam rapat tersebut."),
          ("Masyarakat lokal jangan hanya menjadi penonton, mereka harus ikut menikmati pembangunan ibu kota",
           "Kita siapkan SDM sejak sekarang, karena kebutuhan tenaga terampil akan sangat besar",
           "Daerah penyangga harus tumbuh bersama, tidak boleh ada kesenjangan"),
          ("{kepala} memberikan paparan dalam rapat sinergi IKN.", "Peserta rapat koordinasi daerah penyangga IKN."),
          ("IKN", "Ibu Kota Nusantara", "Pembangunan")),
    Topic("lantik", "pimpinan", 2013, "Badan Kepegawaian Daerah",
          (("{kepala} melantik {n1} pejabat administrator dan pengawas di lingkungan {pemda} di {lokasi}, {hari}. Pelantikan merupakan bagian dari penyegaran organisasi.",
            "{kepala} Lantik {n1} Pejabat Administrator dan Pengawas",
            "Penyegaran Organisasi, {n1} Pejabat {pemda} Dilantik"),
           ("Sebanyak {n1} pejabat di lingkungan {pemda} resmi menduduki jabatan baru setelah dilantik di {lokasi}, {hari}. Mereka mengucapkan sumpah jabatan di hadapan rohaniwan.",
            "Rotasi Jabatan, {n1} Pejabat {pemda} Dilantik di {kota}",
            "{n1} Pejabat {pemda} Ucapkan Sumpah Jabatan di {kota}"),
           ("Pejabat yang baru dilantik diminta segera beradaptasi dengan tugas barunya. Pesan itu disampaikan {sekda} usai pelantikan di {lokasi}, {hari}.",
            "Pejabat Baru {pemda} Diminta Segera Beradaptasi",
            "{sekda}: Tidak Ada Masa Bulan Madu bagi Pejabat Baru")),
          ("Pelantikan didasarkan pada hasil uji kompetensi dan penilaian kinerja yang dilakukan panitia seleksi.",
           "Beberapa jabatan yang lama kosong akhirnya terisi sehingga pelayanan dapat berjalan optimal.",
           "Para pejabat juga menandatangani pakta integritas dan perjanjian kinerja tahun berjalan.",
           "Pelantikan disaksikan keluarga para pejabat dengan tetap menjaga ketertiban acara.",
           "Badan Kepegawaian memastikan seluruh proses telah mendapat persetujuan teknis dari Badan Kepegawaian Negara.",
           "Rotasi kali ini juga menyasar sejumlah camat dan sekretaris kecamatan."),
          ("Jabatan adalah amanah, jangan disia-siakan dan bekerjalah dengan integritas",
           "Saya minta segera pelajari tugas baru, tidak ada masa bulan madu",
           "Rotasi ini biasa dalam organisasi untuk meningkatkan kinerja pelayanan publik"),
          ("{kepala} mengambil sumpah jabatan para pejabat.", "Para pejabat yang dilantik di {lokasi}."),
          ("Pelantikan", "ASN", "Birokrasi")),
    Topic("kip", "sosialisasi", 2013, "Dinas Komunikasi dan Informatika",
          (("{dinas} menggelar sosialisasi keterbukaan informasi publik bagi pejabat pengelola informasi dan dokumentasi (PPID) di {lokasi}, {hari}. Kegiatan diikuti {n1} peserta dari perangkat daerah.",
            "Sosialisasi Keterbukaan Informasi Publik Digelar di {kota}",
            "{n1} Pejabat PPID Ikuti Sosialisasi Keterbukaan Informasi"),
           ("Pemerintah terus mendorong pemanfaatan kanal pengaduan daring oleh masyarakat. Melalui {dinas}, sosialisasi aplikasi layanan aduan digelar di {lokasi}, {hari}.",
            "{dinas} Sosialisasikan Aplikasi Layanan Aduan Warga",
            "Warga {kota} Diajak Manfaatkan Kanal Aduan Daring"),
           ("Pejabat pengelola informasi dan dokumentasi (PPID) pembantu diminta memperbarui daftar informasi publik secara berkala. Permintaan itu mengemuka dalam rapat evaluasi di {lokasi}, {hari}.",
            "PPID Pembantu di {daerah} Diminta Perbarui Daftar Informasi Publik",
            "Evaluasi PPID, {dinas} Minta Informasi Publik Diperbarui")),
          ("Peserta diminta memperbarui daftar informasi publik di laman masing-masing setidaknya setiap triwulan.",
           "Materi disampaikan oleh komisioner Komisi Informasi daerah dan praktisi hukum.",
           "Setiap aduan yang masuk wajib ditindaklanjuti paling lambat lima hari kerja.",
           "Tahun lalu tercatat {n2} permohonan informasi yang diajukan warga dan sebagian besar telah dijawab.",
           "Aplikasi dapat diunduh secara gratis dan terhubung dengan sistem nasional SP4N-LAPOR.",
           "Sosialisasi juga membahas mekanisme uji konsekuensi terhadap informasi yang dikecualikan."),
          ("Keterbukaan informasi bukan pilihan, tetapi kewajiban setiap badan publik",
           "Masyarakat berhak tahu apa yang dikerjakan pemerintah dan berapa anggarannya",
           "Kami ingin tidak ada lagi aduan warga yang menggantung tanpa jawaban"),
          ("Narasumber memaparkan materi keterbukaan informasi publik.", "Peserta sosialisasi di {lokasi}."),
          ("Keterbukaan Informasi", "PPID", "Pelayanan Publik")),
    Topic("sekolah", "pendidikan", 2013, "Dinas Pendidikan dan Kebudayaan",
          (("Sebanyak {n1} pelajar dan mahasiswa menerima beasiswa berprestasi dari {pemda} dalam acara penyerahan di {lokasi}, {hari}. Beasiswa diberikan kepada siswa dari keluarga kurang mampu.",
            "{n1} Pelajar Terima Beasiswa Berprestasi dari {pemda}",
            "Beasiswa Berprestasi {pemda} Diserahkan kepada {n1} Pelajar"),
           ("{dinas} menyerahkan bantuan sarana belajar kepada sejumlah sekolah di {tempat}, {hari}. Bantuan meliputi meja, kursi, buku pelajaran dan perangkat komputer.",
            "Sekolah di {tempat} Terima Bantuan Sarana Belajar",
            "{dinas} Serahkan Meja, Kursi dan Komputer untuk Sekolah di {tempat}"),
           ("{dinas} mengevaluasi pelaksanaan penerimaan peserta didik baru tahun {tahun}. Evaluasi digelar bersama kepala sekolah se-{daerah} di {lokasi}, {hari}.",
            "{dinas} Evaluasi Penerimaan Peserta Didik Baru {tahun}",
            "Evaluasi PPDB {tahun}, Sistem Zonasi Jadi Sorotan di {kota}")),
          ("Penerima beasiswa dipilih melalui seleksi administrasi, nilai rapor dan wawancara.",
           "Bantuan ini diharapkan mengurangi angka putus sekolah di wilayah pedalaman.",
           "Beberapa sekolah sebelumnya masih memakai ruang kelas darurat berdinding papan.",
           "Dinas juga mencatat kekurangan guru mata pelajaran di {n2} sekolah menengah.",
           "Penyaluran dana beasiswa dilakukan langsung ke rekening penerima tanpa perantara.",
           "Pemerintah menyiapkan anggaran sebesar Rp{n3} miliar untuk program pendidikan gratis tahun ini."),
          ("Pendidikan adalah investasi jangka panjang, anak-anak ini adalah pemimpin masa depan daerah",
           "Jangan sampai ada anak yang berhenti sekolah hanya karena persoalan biaya",
           "Kami akan terus memeratakan kualitas pendidikan hingga ke desa terjauh"),
          ("Penyerahan beasiswa secara simbolis kepada perwakilan pelajar.", "Siswa mengikuti kegiatan belajar di {tempat}."),
          ("Pendidikan", "Beasiswa", "Sekolah")),
    Topic("stunting", "kesehatan", 2018, "Dinas Kesehatan",
          (("{pemda} menggelar rembuk stunting di {lokasi}, {hari}. Rembuk menghadirkan camat, kepala puskesmas dan kader posyandu dari desa lokus.",
            "Rembuk Stunting {daerah} Sepakati Delapan Aksi Konvergensi",
            "Camat dan Kader Posyandu Ikuti Rembuk Stunting di {kota}"),
           ("Upaya percepatan penurunan stunting terus digencarkan. {dinas} melatih {n1} kader posyandu dari {tempat} dalam kegiatan di {lokasi}, {hari}.",
            "Kader Posyandu {tempat} Dilatih Deteksi Dini Stunting",
            "{n1} Kader Posyandu Ikuti Pelatihan Pengukuran Balita"),
           ("Angka stunting di {daerah} menunjukkan tren menurun dalam dua tahun terakhir. Meski demikian, {kepala} meminta intervensi diperluas hingga ke desa terpencil saat rapat di {lokasi}, {hari}.",
            "Angka Stunting di {daerah} Turun, Intervensi Diperluas",
            "{kepala} Minta Intervensi Stunting Sampai Desa Terpencil")),
          ("Prevalensi stunting berdasarkan survei status gizi terakhir tercatat {pct} persen.",
           "Pemerintah menetapkan {n2} desa sebagai lokus prioritas intervensi tahun ini.",
           "Kader dilatih mengukur panjang badan bayi secara benar menggunakan alat antropometri standar.",
           "Pemberian makanan tambahan bagi ibu hamil kurang energi kronis menjadi salah satu aksi utama.",
           "Perusahaan di wilayah ini dilibatkan sebagai orang tua asuh bagi anak berisiko stunting.",
           "Ketersediaan air bersih dan jamban sehat juga masuk dalam aksi konvergensi."),
          ("Stunting bukan hanya urusan kesehatan, semua sektor harus turun tangan",
           "Seribu hari pertama kehidupan adalah masa emas yang tidak bisa diulang",
           "Data harus akurat sampai tingkat desa supaya intervensi tepat sasaran"),
          ("Kader posyandu mengukur tinggi badan balita.", "Peserta rembuk stunting di {lokasi}."),
          ("Stunting", "Posyandu", "Kesehatan Anak")),
    Topic("kunker", "kunker", 2013, "Bagian Protokol dan Komunikasi Pimpinan",
          (("{kepala} melakukan kunjungan kerja ke {tempat}, {hari}. Di hadapan warga, ia mendengarkan langsung keluhan soal jalan rusak, listrik dan air bersih.",
            "{kepala} Kunjungi Warga {tempat}, Dengarkan Keluhan Jalan Rusak",
            "Kunjungan Kerja ke {tempat}, {kepala} Tampung Keluhan Warga"),
           ("{wakil} bersama rombongan meninjau pelayanan publik di {tempat}, {hari}. Kunjungan dimulai dari kantor kecamatan dan berlanjut ke puskesmas.",
            "{wakil} Tinjau Pelayanan Publik di {tempat}",
            "Sambangi Kantor Kecamatan dan Puskesmas, {wakil} Cek Layanan di {tempat}"),
           ("Warga {tempat} menyambut hangat kedatangan {wakil} yang menyerahkan bantuan sembako dan alat pertanian, {hari}. Kunjungan tersebut merupakan rangkaian kunjungan kerja ke wilayah pedalaman.",
            "Kunjungan Kerja ke {tempat}, {wakil} Serahkan Bantuan",
            "{wakil} Serahkan Sembako dan Alat Pertanian di {tempat}")),
          ("Warga menyampaikan bahwa jalan poros desa rusak parah dan sulit dilalui saat musim hujan.",
           "Dalam kesempatan itu diserahkan pula bantuan sembako dan peralatan pertanian kepada kelompok tani.",
           "Rombongan juga menyempatkan diri berdialog dengan guru dan tenaga kesehatan setempat.",
           "Kepala desa berharap pembangunan jembatan penghubung dapat masuk dalam anggaran tahun depan.",
           "Kunjungan ditutup dengan makan siang bersama warga di balai desa.",
           "Camat melaporkan bahwa jaringan telekomunikasi di beberapa dusun belum stabil."),
          ("Semua masukan warga kami catat dan akan kami bahas bersama dinas teknis",
           "Pemerintah harus hadir, bukan hanya saat peresmian tapi juga saat masyarakat kesulitan",
           "Saya minta camat dan kepala desa aktif melaporkan kondisi wilayahnya"),
          ("{kepala} berdialog dengan warga {tempat}.", "Rombongan meninjau kondisi jalan desa."),
          ("Kunjungan Kerja", "Pelayanan Publik", "Infrastruktur Desa")),
    Topic("karhutla", "bencana", 2015, "Badan Penanggulangan Bencana Daerah",
          (("Satuan Tugas Pengendalian Kebakaran Hutan dan Lahan (Karhutla) {daerah} meningkatkan kesiagaan menyusul bertambahnya titik panas. Apel kesiapsiagaan digelar di {lokasi}, {hari}.",
            "Titik Panas Meningkat, Satgas Karhutla {daerah} Siaga",
            "Apel Kesiapsiagaan Karhutla Digelar di {kota}"),
           ("Kebakaran lahan di {tempat} berhasil dipadamkan tim gabungan, {hari}. Api diduga berasal dari pembukaan lahan dengan cara dibakar.",
            "Lahan Terbakar di {tempat} Berhasil Dipadamkan",
            "Tim Gabungan Padamkan Kebakaran Lahan di {tempat}"),
           ("Memasuki puncak musim kemarau, {pemda} menetapkan status siaga darurat kebakaran hutan dan lahan. Penetapan diputuskan dalam rapat koordinasi di {lokasi}, {hari}.",
            "{pemda} Tetapkan Status Siaga Darurat Karhutla",
            "Puncak Kemarau, Status Siaga Karhutla Berlaku di {daerah}")),
          ("Pantauan satelit mencatat {n2} titik panas dalam sepekan terakhir.",
           "Tim gabungan terdiri atas Manggala Agni, TNI, Polri, BPBD dan Masyarakat Peduli Api.",
           "Luas lahan yang terbakar diperkirakan mencapai {n1} hektare.",
           "Pemadaman terkendala minimnya sumber air di sekitar lokasi.",
           "Pemerintah mengingatkan larangan membuka lahan dengan cara membakar beserta sanksi pidananya.",
           "Patroli terpadu akan digelar setiap hari selama puncak musim kemarau."),
          ("Pencegahan jauh lebih murah daripada pemadaman, kami minta masyarakat ikut menjaga",
           "Personel dan peralatan sudah siap, kami tinggal memperkuat deteksi dini",
           "Siapa pun yang sengaja membakar lahan akan ditindak tegas"),
          ("Petugas memadamkan api di lahan gambut.", "Apel kesiapsiagaan karhutla di {lokasi}."),
          ("Karhutla", "Kebakaran Lahan", "Kemarau")),
    Topic("pangan", "pertanian", 2013, "Dinas Ketahanan Pangan",
          (("{kepala} menghadiri panen raya padi di {tempat}, {hari}. Panen kali ini menjadi bukti kawasan tersebut berpotensi menjadi lumbung pangan daerah.",
            "Panen Raya Padi di {tempat}, Produksi Capai {n2} Ton",
            "{kepala} Ikut Panen Raya di {tempat}"),
           ("{dinas} menggelar pasar murah di {lokasi}, {hari}. Warga dapat membeli beras, minyak goreng, gula dan telur dengan harga di bawah pasaran.",
            "Pasar Murah Digelar di {kota} Jelang {hbkn}",
            "Warga {kota} Serbu Pasar Murah {dinas}"),
           ("Kelompok tani di {tempat} menerima bantuan alat dan mesin pertanian dari {pemda}, {hari}. Bantuan diharapkan mempercepat masa olah lahan dan tanam.",
            "Petani {tempat} Terima Bantuan Alat Mesin Pertanian",
            "Kelompok Tani {tempat} Dapat Traktor dan Pompa Air")),
          ("Produktivitas sawah di kawasan itu rata-rata mencapai lima ton per hektare.",
           "Paket sembako yang disediakan berjumlah {n1} paket dan ludes dalam beberapa jam.",
           "Petani menerima bantuan traktor tangan, pompa air dan benih unggul bersertifikat.",
           "Pemerintah menargetkan perluasan areal tanam hingga {n2} hektare tahun ini.",
           "Setiap warga hanya boleh membeli satu paket dengan menunjukkan kartu keluarga.",
           "Kelompok tani mengeluhkan harga pupuk yang tinggi dan saluran irigasi yang dangkal."),
          ("Kita ingin daerah ini mandiri pangan dan tidak terus bergantung pada pasokan dari luar",
           "Pasar murah ini membantu warga memenuhi kebutuhan pokok dengan harga terjangkau",
           "Petani harus sejahtera, karena merekalah penjaga ketahanan pangan kita"),
          ("{kepala} memanen padi bersama petani di {tempat}.", "Warga antre membeli sembako di pasar murah."),
          ("Ketahanan Pangan", "Pertanian", "Pasar Murah")),
    Topic("jalan", "perhubungan", 2013, "Dinas Pekerjaan Umum dan Penataan Ruang",
          (("{dinas} meninjau progres peningkatan jalan poros di {tempat}, {hari}. Pekerjaan sepanjang {n2} kilometer itu kini telah mencapai {pct} persen.",
            "{dinas} Tinjau Progres Peningkatan Jalan di {tempat}",
            "Peningkatan Jalan Poros {tempat} Capai {pct} Persen"),
           ("Jembatan penghubung antarkecamatan di {tempat} resmi difungsikan, {hari}. Jembatan tersebut memangkas waktu tempuh warga menuju pusat kota.",
            "Jembatan Penghubung di {tempat} Resmi Difungsikan",
            "Waktu Tempuh Terpangkas, Warga {tempat} Sambut Jembatan Baru"),
           ("Perbaikan jalan poros yang menghubungkan {tempat} dengan ibu kota kabupaten ditargetkan rampung akhir tahun ini. Target itu disampaikan dalam rapat evaluasi di {lokasi}, {hari}.",
            "Perbaikan Jalan Poros {tempat} Ditargetkan Rampung Akhir Tahun",
            "Kontraktor Jalan Poros {tempat} Diminta Kejar Target")),
          ("Proyek dibiayai APBD dengan nilai kontrak sekitar Rp{n3} miliar.",
           "Kontraktor diminta menambah jumlah alat berat agar pekerjaan tidak molor.",
           "Sebelumnya warga harus memutar sejauh puluhan kilometer untuk mengangkut hasil kebun.",
           "Konstruksi menggunakan beton bertulang agar tahan terhadap beban kendaraan angkutan hasil bumi.",
           "Pemerintah juga akan memasang lampu penerangan jalan dan rambu lalu lintas.",
           "Pengawasan dilakukan bersama inspektorat dan konsultan supervisi."),
          ("Kami pastikan kualitas pekerjaan sesuai spesifikasi, jangan sampai baru setahun sudah rusak",
           "Jalan yang mulus akan menggerakkan ekonomi desa, hasil panen bisa cepat sampai ke pasar",
           "Kami minta kendaraan bertonase berat mematuhi batas muatan"),
          ("Alat berat mengerjakan peningkatan jalan di {tempat}.", "Peninjauan progres pembangunan infrastruktur."),
          ("Infrastruktur", "Jalan", "PUPR")),
    Topic("musrenbang", "agenda", 2013, "Badan Perencanaan Pembangunan Daerah",
          (("Musyawarah Perencanaan Pembangunan (Musrenbang) Rencana Kerja Pemerintah Daerah tahun {tahun_depan} dibuka di {lokasi}, {hari}. Musrenbang menjadi forum penyelarasan usulan dari tingkat desa hingga provinsi.",
            "Musrenbang RKPD {daerah} {tahun_depan} Dibuka di {kota}",
            "Usulan Desa hingga Provinsi Diselaraskan dalam Musrenbang {tahun_depan}"),
           ("Musrenbang tingkat kecamatan di {tempat} digelar {hari}. Forum tersebut menampung usulan prioritas dari desa dan kelurahan.",
            "Musrenbang Kecamatan {tempat} Tampung {n2} Usulan",
            "Usulan Prioritas Desa Dibahas di Musrenbang {tempat}"),
           ("Badan Perencanaan Pembangunan Daerah (Bappeda) {daerah} meminta usulan musrenbang disusun realistis sesuai kemampuan anggaran. Permintaan itu disampaikan dalam forum konsultasi publik di {lokasi}, {hari}.",
            "Bappeda {daerah} Minta Usulan Musrenbang Realistis",
            "Konsultasi Publik RKPD, Bappeda Ingatkan Keterbatasan Anggaran")),
          ("Usulan yang masuk didominasi pembangunan jalan lingkungan, drainase dan air bersih.",
           "Tema pembangunan tahun depan menitikberatkan pada pemulihan ekonomi dan kualitas sumber daya manusia.",
           "Bappeda mengingatkan kapasitas fiskal daerah terbatas sehingga usulan harus diprioritaskan.",
           "Sebanyak {n2} usulan telah diverifikasi dan akan dibahas dalam forum perangkat daerah.",
           "Anggota DPRD daerah pemilihan setempat turut menyampaikan pokok-pokok pikiran dewan.",
           "Hasil musrenbang akan dituangkan dalam dokumen rencana kerja yang ditetapkan dengan peraturan kepala daerah."),
          ("Perencanaan yang baik adalah separuh dari keberhasilan pembangunan",
           "Usulan jangan sekadar daftar keinginan, harus ada data dan manfaatnya bagi warga",
           "Kami ingin pembangunan benar-benar berangkat dari kebutuhan masyarakat"),
          ("Pembukaan Musrenbang di {lokasi}.", "Peserta Musrenbang menyampaikan usulan pembangunan."),
          ("Musrenbang", "Perencanaan", "Bappeda")),
    Topic("silaturahmi", "silaturahmi", 2013, "Biro Kesejahteraan Rakyat",
          (("{kepala} menggelar silaturahmi dengan tokoh agama, tokoh adat dan tokoh masyarakat di {lokasi}, {hari}. Pertemuan berlangsung dalam suasana kekeluargaan.",
            "{kepala} Gelar Silaturahmi dengan Tokoh Agama dan Adat",
            "Tokoh Agama dan Adat {daerah} Berkumpul di {lokasi}"),
           ("Keluarga besar {pemda} menggelar halalbihalal di {lokasi}, {hari}. Acara dihadiri aparatur sipil negara, unsur Forkopimda dan masyarakat umum.",
            "Halalbihalal Keluarga Besar {pemda} Berlangsung Hangat",
            "ASN dan Forkopimda Hadiri Halalbihalal {pemda} di {kota}"),
           ("Ribuan umat menghadiri perayaan Natal bersama yang digelar {pemda} di {lokasi}, {hari}. Perayaan mengusung semangat kebersamaan dan kerukunan.",
            "Natal Bersama {pemda} Dihadiri Ribuan Umat",
            "Perayaan Natal Bersama di {kota} Usung Semangat Kerukunan")),
          ("Para tokoh menyampaikan apresiasi atas perhatian pemerintah terhadap rumah ibadah dan lembaga adat.",
           "Pemerintah menyerahkan bantuan untuk rehabilitasi {n1} rumah ibadah.",
           "Acara dimeriahkan penampilan paduan suara dan tarian tradisional.",
           "Kerukunan antarumat beragama di daerah ini dinilai terjaga dengan baik.",
           "Pertemuan juga membahas peran tokoh masyarakat dalam menjaga keamanan menjelang tahun politik.",
           "Seluruh undangan kemudian bersalam-salaman dan menikmati hidangan bersama."),
          ("Perbedaan adalah kekayaan kita, mari terus rawat persaudaraan ini",
           "Tokoh agama dan adat adalah mitra pemerintah dalam membangun daerah",
           "Suasana damai ini harus kita jaga bersama-sama"),
          ("{kepala} bersalaman dengan tokoh masyarakat.", "Suasana silaturahmi di {lokasi}."),
          ("Silaturahmi", "Kerukunan", "Tokoh Agama")),
    Topic("medsos", "kominfo", 2013, "Dinas Komunikasi dan Informatika",
          (("{dinas} melatih {n1} pengelola media sosial perangkat daerah di {lokasi}, {hari}. Pelatihan bertujuan meningkatkan kualitas konten informasi pemerintah.",
            "{dinas} Latih Admin Media Sosial Perangkat Daerah",
            "{n1} Pengelola Medsos Perangkat Daerah Ikuti Pelatihan Konten"),
           ("Warga {tempat} kini dapat menikmati akses internet setelah menara telekomunikasi baru beroperasi, {hari}. Sebelumnya warga harus naik ke bukit untuk mendapat sinyal.",
            "Warga {tempat} Mulai Nikmati Akses Internet",
            "Menara Telekomunikasi Baru Beroperasi di {tempat}"),
           ("{pemda} meluncurkan ruang kendali terpadu atau command center di {lokasi}, {hari}. Fasilitas itu dipakai untuk memantau layanan publik secara daring.",
            "Command Center {daerah} Pantau Layanan Publik Secara Daring",
            "{pemda} Luncurkan Ruang Kendali Terpadu di {kota}")),
          ("Peserta belajar menulis berita singkat, membuat infografis dan mengelola akun secara konsisten.",
           "Menara tersebut dibangun melalui program Bakti Kominfo bekerja sama dengan pemerintah daerah.",
           "Pengelola akun diminta merespons pertanyaan warga dengan cepat dan santun.",
           "Saat ini masih ada {n2} desa di wilayah ini yang belum terjangkau sinyal seluler.",
           "Command center menampilkan data pengaduan, kamera pengawas lalu lintas dan informasi cuaca secara langsung.",
           "Pelatihan juga membahas cara mengenali dan meluruskan hoaks yang beredar di masyarakat."),
          ("Media sosial pemerintah harus informatif, jangan hanya berisi foto seremoni",
           "Akses internet membuka peluang baru bagi anak sekolah dan pelaku usaha di desa",
           "Pemerintah tidak boleh kalah cepat dengan penyebar hoaks"),
          ("Peserta pelatihan media sosial di {lokasi}.", "Layanan publik dipantau dari ruang kendali di {kota}."),
          ("Kominfo", "Media Sosial", "Hoaks")),
    Topic("kebangsaan", "kesbangpol", 2013, "Badan Kesatuan Bangsa dan Politik",
          (("Badan Kesatuan Bangsa dan Politik (Kesbangpol) {daerah} menggelar pendidikan wawasan kebangsaan bagi {n1} pemuda di {lokasi}, {hari}. Kegiatan menghadirkan narasumber dari TNI, Polri dan akademisi.",
            "Kesbangpol Gelar Pendidikan Wawasan Kebangsaan bagi Pemuda {kota}",
            "{n1} Pemuda {daerah} Ikuti Pendidikan Wawasan Kebangsaan"),
           ("Forum Kewaspadaan Dini Masyarakat (FKDM) {daerah} menggelar rapat pemetaan potensi konflik sosial di {lokasi}, {hari}. Rapat diikuti perwakilan kabupaten dan kota.",
            "Forum Kewaspadaan Dini Masyarakat {daerah} Petakan Potensi Konflik",
            "FKDM {daerah} Rapat di {kota}, Sengketa Lahan Jadi Perhatian"),
           ("Menjelang pemilihan umum, {pemda} mengajak masyarakat menolak praktik politik uang. Ajakan itu disampaikan dalam sosialisasi pendidikan politik di {lokasi}, {hari}.",
            "Jelang Pemilu, {pemda} Ajak Warga {kota} Tolak Politik Uang",
            "Sosialisasi Pendidikan Politik Digelar di {kota}")),
          ("Materi meliputi empat konsensus dasar bangsa, bela negara dan bahaya radikalisme.",
           "Potensi konflik yang dipetakan antara lain sengketa lahan, batas desa dan dinamika menjelang pemilu.",
           "Peserta juga diajak memahami bahaya hoaks dan ujaran kebencian di media sosial.",
           "Pemerintah mendorong partisipasi pemilih pemula untuk datang ke tempat pemungutan suara.",
           "Forum merekomendasikan penguatan peran kepala desa dan tokoh adat dalam deteksi dini.",
           "Kegiatan diakhiri dengan ikrar bersama menjaga persatuan dan kesatuan."),
          ("Pemuda harus menjadi perekat bangsa, bukan mudah terprovokasi",
           "Deteksi dini penting agar gesekan kecil tidak berkembang menjadi konflik besar",
           "Gunakan hak pilih dengan cerdas dan tolak segala bentuk politik uang"),
          ("Peserta pendidikan wawasan kebangsaan di {lokasi}.", "Rapat Forum Kewaspadaan Dini Masyarakat."),
          ("Wawasan Kebangsaan", "Kesbangpol", "Pemilu")),
    Topic("bansos", "sosial", 2013, "Dinas Sosial",
          (("{dinas} menyalurkan bantuan sosial kepada {n1} keluarga penerima manfaat di {tempat}, {hari}. Bantuan diserahkan langsung kepada penerima di kantor desa.",
            "Bantuan Sosial Disalurkan kepada {n1} Keluarga di {tempat}",
            "{n1} Keluarga Penerima Manfaat di {tempat} Terima Bansos"),
           ("Pemerintah melakukan verifikasi dan validasi ulang data terpadu kesejahteraan sosial. Kegiatan verifikasi dimulai di {tempat}, {hari}, dengan melibatkan pendamping sosial.",
            "{dinas} Verifikasi Ulang Data Penerima Bantuan di {tempat}",
            "Data Penerima Bansos di {tempat} Diverifikasi Ulang"),
           ("Sebanyak {n2} lansia terlantar dan penyandang disabilitas di {tempat} menerima santunan dari {pemda}, {hari}. Santunan diserahkan dalam acara di {lokasi}.",
            "Lansia dan Penyandang Disabilitas di {tempat} Terima Santunan",
            "{pemda} Serahkan Santunan untuk {n2} Lansia di {tempat}")),
          ("Setiap keluarga menerima bantuan berupa uang tunai dan paket bahan pokok.",
           "Verifikasi dilakukan agar bantuan tepat sasaran dan tidak ada penerima ganda.",
           "Penerima diminta menggunakan bantuan untuk kebutuhan pokok dan pendidikan anak.",
           "Data penerima yang sudah meninggal atau pindah domisili akan dikeluarkan dari daftar.",
           "Pendamping sosial akan mengunjungi rumah penerima untuk memastikan kondisi mereka.",
           "Warga yang merasa layak tetapi belum terdaftar dapat mengusulkan diri melalui kantor desa."),
          ("Bantuan ini hak masyarakat, jangan ada potongan sepeser pun di lapangan",
           "Data yang akurat adalah kunci agar bantuan benar-benar sampai kepada yang berhak",
           "Kami ingin tidak ada warga yang tertinggal dari perlindungan sosial"),
          ("Penyerahan bantuan sosial kepada warga {tempat}.", "Petugas memverifikasi data penerima bantuan."),
          ("Bantuan Sosial", "Dinas Sosial", "Kesejahteraan")),
    Topic("wisata", "pariwisata", 2013, "Dinas Pariwisata",
          (("Festival budaya di {tempat} resmi dibuka {hari}. Ribuan pengunjung memadati arena untuk menyaksikan parade tari, musik tradisional dan pameran kerajinan.",
            "Festival Budaya {tempat} Tarik Ribuan Pengunjung",
            "Parade Tari dan Musik Tradisional Buka Festival Budaya {tempat}"),
           ("{dinas} mempromosikan desa wisata di {tempat} melalui kunjungan media dan pelaku perjalanan wisata, {hari}. Desa tersebut dinilai siap menerima kunjungan wisatawan.",
            "{dinas} Promosikan Desa Wisata {tempat}",
            "Desa Wisata {tempat} Siap Sambut Wisatawan"),
           ("{dinas} menggelar pelatihan sadar wisata bagi {n1} pelaku wisata di {lokasi}, {hari}. Pelatihan diharapkan meningkatkan kualitas layanan kepada wisatawan.",
            "Pelaku Wisata {kota} Ikuti Pelatihan Sadar Wisata",
            "{n1} Pelaku Wisata Dilatih Layani Wisatawan")),
          ("Festival digelar selama empat hari dan menjadi agenda tahunan pemerintah daerah.",
           "Desa wisata tersebut menawarkan panorama air terjun, tenun tradisional dan kuliner khas.",
           "Kunjungan wisatawan tahun lalu tercatat lebih dari {n3} ribu orang.",
           "Pelaku usaha penginapan melaporkan tingkat hunian kamar meningkat selama festival.",
           "Peserta dilatih tentang kebersihan, keramahan dan pemanfaatan media sosial untuk promosi.",
           "Pemerintah tengah menyiapkan perbaikan akses jalan dan toilet umum di kawasan wisata."),
          ("Budaya adalah identitas kita dan sekaligus daya tarik wisata yang luar biasa",
           "Wisatawan akan datang lagi kalau pelayanannya ramah dan tempatnya bersih",
           "Desa wisata harus memberi manfaat ekonomi langsung kepada warga"),
          ("Penampilan tari tradisional di {tempat}.", "Pengunjung menikmati panorama desa wisata."),
          ("Pariwisata", "Festival Budaya", "Desa Wisata")),
)

TOPIC_BY_KEY = {t.key: t for t in TOPICS}

# topic-neutral context sentences; each article draws a few, which keeps unrelated articles apart
GENERIC = (
    "Kegiatan ini merupakan tindak lanjut arahan pimpinan agar setiap program menyentuh kebutuhan warga.",
    "Menurut {kadis}, anggaran kegiatan bersumber dari APBD tahun {tahun}.",
    "Pemerintah berharap kegiatan serupa dapat digelar secara berkelanjutan setiap tahun.",
    "Turut hadir dalam kegiatan itu unsur Forkopimda, camat, lurah serta tokoh masyarakat setempat.",
    "Usai acara, rombongan melanjutkan peninjauan ke sejumlah lokasi di sekitar {kota}.",
    "Masyarakat yang membutuhkan informasi lebih lanjut dapat menghubungi {dinas} pada jam kerja.",
    "Seluruh rangkaian acara berlangsung tertib dan mendapat sambutan positif dari warga.",
    "Program ini sejalan dengan visi pembangunan daerah yang tertuang dalam RPJMD.",
    "Evaluasi pelaksanaan akan dilakukan pada akhir tahun sebagai bahan perbaikan program berikutnya.",
    "Kegiatan ditutup dengan sesi diskusi dan tanya jawab antara peserta dan narasumber.",
    "Sebelumnya, kegiatan serupa telah dilaksanakan di {n2} kecamatan lain sejak awal tahun.",
    "Pelaksanaan kegiatan melibatkan {n1} personel gabungan dari berbagai instansi.",
    "Camat setempat menyampaikan terima kasih atas perhatian pemerintah terhadap warganya.",
    "{pemda} juga menggandeng perguruan tinggi untuk mengkaji dampak program tersebut.",
    "Data yang dihimpun di lapangan akan diserahkan kepada {kepala} sebagai bahan pengambilan kebijakan.",
    "Sejumlah warga mengaku baru pertama kali mengikuti kegiatan seperti ini.",
    "Tahun depan, cakupan program direncanakan diperluas ke wilayah perbatasan dan pesisir.",
    "Pihak swasta melalui program tanggung jawab sosial perusahaan turut memberikan dukungan.",
    "Kegiatan dimulai sekitar pukul {jam} WITA dan berakhir menjelang sore.",
    "Para peserta tampak antusias mengikuti setiap sesi hingga acara selesai.",
    "Ia juga mengingatkan jajarannya agar tidak bekerja secara sektoral.",
    "Koordinasi dengan pemerintah pusat terus dilakukan agar program berjalan selaras.",
    "Informasi mengenai kegiatan ini juga disebarluaskan melalui media sosial resmi pemerintah daerah.",
    "{dinas} mencatat sedikitnya {n2} kelompok masyarakat telah terlibat aktif dalam program ini.",
    "Menurutnya, keberhasilan program sangat ditentukan oleh dukungan masyarakat di tingkat bawah.",
    "Ketua DPRD setempat turut memberikan dukungan dan berjanji mengawal penganggarannya.",
    "Warga berharap perhatian serupa juga diberikan kepada desa-desa di pedalaman.",
    "Pemerintah menargetkan seluruh tahapan kegiatan rampung sebelum akhir triwulan ketiga.",
    "Kepala {desa} menyebut warganya sudah lama menantikan program tersebut.",
    "Dalam kesempatan itu, {wakil} juga menyerahkan piagam penghargaan kepada pihak yang berjasa.",
    "Laporan pelaksanaan kegiatan akan dipublikasikan agar dapat diakses masyarakat luas.",
    "Pemerintah membuka posko pengaduan bagi warga yang menemukan kendala di lapangan.",
)

SAYS = ("ujar", "kata", "jelas", "tegas", "ungkap", "tutur", "imbuh", "ucap")
SAYS_SELF = ("ujarnya", "katanya", "jelasnya", "tegasnya", "ungkapnya", "tuturnya")
HBKN = ("Ramadan", "Idulfitri", "Natal dan Tahun Baru", "Iduladha", "akhir tahun")

COMMENT_NAMES = ("Rudi", "Wati Samarinda", "Bung Anto", "Yanti", "warga_kutim", "Ferdy", "Nona Ina",
                 "Hendra S", "Mama Yuli", "Abdul Gani")
COMMENTS = ("Mantap, semoga program ini berkelanjutan.", "Terima kasih infonya, sangat bermanfaat.",
            "Mohon diperhatikan juga jalan di kampung kami pak.", "Semoga tepat sasaran dan tidak hanya seremonial.",
            "Sukses selalu untuk pemerintah daerah.", "Kapan jadwal untuk kecamatan kami?",
            "Bagus sekali, lanjutkan!", "Informasinya jelas, terima kasih admin.")

# ---- scenes and drafts -------------------------------------------------------------------------


@dataclass
class Draft:
    """An article before site conventions (dateline, reporter code, images) are applied."""

    title: str
    alt_title: str | None          # another headline for the same story (copies, re-posts)
    paragraphs: list[str]
    city: str
    captions: list[str]
    tags: list[str]
    topic: Topic


def scene(rng: random.Random, region: str, topic: Topic, day: datetime) -> dict:
    """Slot values for one event: who, where, when and how many."""
    reg = REGIONS[region]
    agency = topic.agency.replace("Biro ", "Bagian ") if region == "kutim" else topic.agency
    names = rng.sample(NAMES[region], 5)
    venue, city = rng.choice(reg["venues"])
    place = rng.choice(reg["places"])
    values = {
        "daerah": reg["daerah"], "prov": reg["prov"], "pemda": reg["pemda"],
        "dinas": f"{agency} {reg['daerah']}", "lokasi": venue, "kota": city,
        "tempat": f"{rng.choice(reg['villages'])}, {place}" if rng.random() < 0.4 else place,
        "hari": hari_angka(day, year=rng.random() < 0.7), "tahun": day.year, "tahun_depan": day.year + 1,
        "hbkn": rng.choice(HBKN), "desa": rng.choice(reg["villages"]),
        "jam": f"{rng.randrange(8, 11):02d}.{rng.choice(('00', '15', '30'))}", "n1": rng.randrange(25, 400), "n2": rng.randrange(3, 60),
        "n3": rng.randrange(2, 90), "pct": f"{rng.randrange(1, 40)},{rng.randrange(10, 99)}",
    }
    for role, name in zip(("kepala", "wakil", "sekda", "kadis", "narsum"), names):
        title = f"Kepala {values['dinas']}" if role == "kadis" else reg.get(role, "Narasumber")
        values[role] = f"{title} {name}"
        values[f"{role}_n"] = name.replace("Hj. ", "").split()[0]
    return values


def fill(template: str, values: dict) -> str:
    return template.format_map(values)


def attribute(rng: random.Random, text: str, speaker: str, previous: str | None, introduced: set,
              values: dict) -> str:
    """A quoted paragraph with Indonesian attribution: full title first, short name after,
    'ujarnya' only right after the same speaker's quote."""
    if speaker == previous:
        said = rng.choice(SAYS_SELF)
    elif speaker in introduced:
        said = f"{rng.choice(SAYS)} {values[speaker + '_n']}"
    else:
        said = f"{rng.choice(SAYS)} {values[speaker]}"
    introduced.add(speaker)
    return f"“{fill(text, values)},” {said}."


def compose(rng: random.Random, topic: Topic, values: dict, *, half: int | None = None,
            angle: int | tuple[str, str, str] | None = None) -> Draft:
    """One article from a topic and a scene; ``angle`` picks (or gives) the lead and headlines.

    ``half`` (0 or 1) restricts the article to alternate sentences of the banks, so two articles
    about the same scene share names and places but not sentences (the near-miss pairs).
    """
    def bank(items):
        return list(items if half is None else items[half::2])

    if angle is None:
        angle = rng.randrange(len(topic.angles))
    lead, *headlines = topic.angles[angle] if isinstance(angle, int) else angle
    rng.shuffle(headlines)
    facts = [fill(f, values) for f in rng.sample(bank(topic.facts), k=rng.randrange(2, len(bank(topic.facts)) + 1))]
    for extra in rng.sample(bank(GENERIC), k=rng.randrange(2, 5)):
        facts.insert(rng.randrange(1, len(facts) + 1), fill(extra, values))
    speakers = ("kadis", "kepala") if half is None else (("kadis", "sekda"), ("kepala", "wakil"))[half]
    quotes = rng.sample(bank(topic.quotes), k=rng.randrange(1, len(bank(topic.quotes)) + 1))
    # one to three sentences a paragraph, at most eight paragraphs after the lead
    items: list = []
    while facts:
        take = max(rng.choice((1, 1, 2)), -(-len(facts) // (8 - len(quotes) - len(items))))
        items.append(" ".join(facts[:take]))
        facts = facts[take:]
    for text in quotes:
        items.insert(rng.randrange(len(items) + 1), (text, rng.choice(speakers)))
    paras, previous, introduced = [], None, set()
    for item in items:
        if isinstance(item, tuple):
            paras.append(attribute(rng, *item, previous, introduced, values))
            previous = item[1]
        else:
            paras.append(item)
            previous = None
    paras = [fill(lead, values)] + paras
    captions = [fill(c, values) for c in topic.captions + ("Suasana kegiatan di {lokasi}, {hari}.",)]
    rng.shuffle(captions)
    return Draft(title=fill(headlines[0], values), alt_title=fill(headlines[1], values), paragraphs=paras,
                 city=values["kota"], captions=captions, tags=list(topic.tags[: rng.randrange(1, 4)]),
                 topic=topic)


def weekly_agenda(rng: random.Random, region: str, monday: datetime) -> Draft:
    """'Agenda Gubernur Pekan Ini': fixed boilerplate around a different week's items (near-miss)."""
    values = scene(rng, region, TOPIC_BY_KEY["kunker"], monday)
    reg = REGIONS[region]
    friday = monday + timedelta(days=4)
    week = f"{monday.day}-{friday.day} {MONTHS[friday.month - 1]} {friday.year}"
    intro = (f"Biro Administrasi Pimpinan Setda Provinsi {reg['prov']} kembali merilis agenda kegiatan "
             f"{reg['kepala']} untuk sepekan ke depan. Agenda ini disusun agar masyarakat dan media dapat "
             f"mengikuti kegiatan pimpinan daerah secara terbuka.")
    acts = [fill(a, values) for a in rng.sample(AGENDA_ITEMS, 6)]
    days = [f"Pada hari {day}, {reg['kepala']} dijadwalkan {act}." for day, act in zip(DAYS, acts)]
    days[rng.randrange(5)] += f" Setelah itu, {acts[5]}."
    outro = ("Agenda dapat berubah sewaktu-waktu menyesuaikan dinamika kegiatan pimpinan. Informasi "
             "perubahan jadwal akan disampaikan melalui kanal resmi Biro Administrasi Pimpinan.")
    paras = [intro, " ".join(days[:2]), days[2], " ".join(days[3:]), outro]
    return Draft(title=f"Agenda {reg['kepala']} Pekan Ini, {week}", alt_title=None, paragraphs=paras,
                 city="Samarinda", captions=[], tags=["Agenda Gubernur"], topic=TOPIC_BY_KEY["kunker"])


AGENDA_ITEMS = (
    "memimpin rapat koordinasi bersama bupati dan wali kota di {lokasi}",
    "menerima audiensi pengurus organisasi kepemudaan di ruang kerja gubernur",
    "menghadiri peringatan hari jadi {tempat} sekaligus meresmikan pasar rakyat",
    "melakukan kunjungan kerja ke {tempat} untuk meninjau pembangunan jalan",
    "membuka musyawarah daerah palang merah di {kota}",
    "menyerahkan bantuan alat pertanian kepada kelompok tani di {tempat}",
    "menjadi pembina apel gabungan aparatur sipil negara di halaman kantor gubernur",
    "bertolak ke Jakarta untuk mengikuti rapat bersama kementerian",
    "menghadiri rapat paripurna DPRD tentang laporan pertanggungjawaban APBD",
    "meresmikan gedung sekolah baru di {tempat}",
    "menerima kunjungan duta besar negara sahabat yang menjajaki kerja sama perdagangan",
    "membuka pameran pembangunan dan expo produk daerah",
    "meninjau kesiapan rumah sakit rujukan di {kota}",
    "menghadiri pelantikan pengurus kamar dagang dan industri daerah",
    "memimpin upacara peringatan hari besar nasional di lapangan kantor gubernur",
    "melepas kontingen atlet daerah yang akan bertanding di tingkat nasional",
    "berdialog dengan nelayan di pelabuhan rakyat {kota}",
    "mengikuti rapat virtual bersama Menteri Dalam Negeri tentang pengendalian inflasi",
    "menandatangani nota kesepahaman dengan rektor perguruan tinggi negeri",
    "menghadiri ibadah syukur dan doa bersama lintas agama",
)
