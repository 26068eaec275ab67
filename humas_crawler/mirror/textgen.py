"""Deterministic Indonesian government-news prose for the synthetic part of the catalog.

A topic holds sentence banks with {slots}; a scene fills the slots with one region's places,
officials and numbers. Each article draws its own subset of sentences, so unrelated articles
share few word 5-grams (the dedup tests rely on that), while two articles about one scene
still share names and places.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from humas_crawler.mirror.fmt import MONTHS, hari_angka

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
                     "Desa Tepian Langsat", "Desa Sangatta Selatan", "Desa Manubar"),
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
    headlines: tuple[str, ...]
    leads: tuple[str, ...]
    facts: tuple[str, ...]
    quotes: tuple[str, ...]
    captions: tuple[str, ...]
    tags: tuple[str, ...]


TOPICS = (
    Topic("inflasi", "agenda", 2019, "Biro Perekonomian",
          ("{pemda} Perkuat Koordinasi Pengendalian Inflasi Jelang {hbkn}",
           "Rakor TPID {daerah} Bahas Stok Pangan di {kota}",
           "Harga Cabai Naik, TPID {daerah} Gelar Rapat di {kota}"),
          ("{pemda} melalui {dinas} menggelar rapat koordinasi Tim Pengendalian Inflasi Daerah (TPID) di {lokasi}, {hari}. Rapat membahas ketersediaan stok dan keterjangkauan harga bahan pokok menjelang {hbkn}.",
           "Tim Pengendalian Inflasi Daerah (TPID) {daerah} kembali berkumpul di {lokasi}, {hari}, untuk memetakan penyebab kenaikan harga sejumlah komoditas. Pertemuan dipimpin {sekda} dan diikuti perwakilan {n1} instansi."),
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
          ("Vaksinasi Massal di {kota} Sasar {n3} Ribu Warga",
           "{kepala} Tinjau Gerai Vaksinasi di {kota}",
           "Capaian Vaksinasi Dosis Kedua di {daerah} Terus Dikejar"),
          ("{pemda} bersama TNI dan Polri menggelar vaksinasi massal di {lokasi}, {hari}. Kegiatan ini menargetkan {n3} ribu warga dari berbagai kelompok usia.",
           "{kepala} meninjau langsung pelaksanaan vaksinasi COVID-19 di {lokasi}, {hari}. Peninjauan dilakukan untuk memastikan layanan berjalan tertib dan sesuai protokol kesehatan."),
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
          ("Banjir Rendam Ratusan Rumah di {tempat}",
           "BPBD {daerah} Salurkan Bantuan untuk Korban Banjir {tempat}",
           "Warga {tempat} Mulai Kembali ke Rumah Usai Banjir Surut"),
          ("Hujan deras yang mengguyur sejak malam hari menyebabkan banjir di {tempat}, {hari}. Sedikitnya {n1} rumah warga terendam dengan ketinggian air mencapai satu meter.",
           "Badan Penanggulangan Bencana Daerah (BPBD) {daerah} menyalurkan bantuan logistik bagi warga terdampak banjir di {tempat}, {hari}. Bantuan berupa beras, mi instan, air mineral dan selimut."),
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
          ("{n1} Pelaku UMKM di {kota} Ikuti Pelatihan Pemasaran Digital",
           "Bazar UMKM {daerah} Catat Transaksi Rp{n3} Juta",
           "{dinas} Dorong Produk UMKM Tembus Pasar Ekspor"),
          ("Sebanyak {n1} pelaku usaha mikro, kecil dan menengah mengikuti pelatihan pemasaran digital yang digelar {dinas} di {lokasi}, {hari}. Pelatihan berlangsung selama tiga hari.",
           "{dinas} menggelar bazar produk usaha mikro, kecil dan menengah (UMKM) di {lokasi}, {hari}. Puluhan stan menampilkan kuliner, kerajinan dan kain tradisional."),
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
          ("{kepala} Paparkan Kesiapan Daerah Penyangga IKN",
           "Rapat Sinergi IKN Nusantara Digelar di {kota}",
           "{pemda} Siapkan Tenaga Kerja Lokal untuk Proyek IKN"),
          ("{kepala} memaparkan kesiapan {prov} sebagai daerah penyangga Ibu Kota Nusantara (IKN) dalam rapat sinergi di {lokasi}, {hari}. Rapat dihadiri jajaran Otorita IKN dan kementerian terkait.",
           "{pemda} terus menyiapkan sumber daya manusia lokal agar dapat terserap dalam pembangunan Ibu Kota Nusantara. Hal itu mengemuka dalam pertemuan di {lokasi}, {hari}."),
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
          ("{kepala} Lantik {n1} Pejabat Administrator dan Pengawas",
           "Rotasi Jabatan, {n1} Pejabat {pemda} Dilantik di {kota}",
           "Pejabat Baru Diminta Segera Beradaptasi"),
          ("{kepala} melantik {n1} pejabat administrator dan pengawas di lingkungan {pemda} di {lokasi}, {hari}. Pelantikan merupakan bagian dari penyegaran organisasi.",
           "Sebanyak {n1} pejabat di lingkungan {pemda} resmi menduduki jabatan baru setelah dilantik di {lokasi}, {hari}. Mereka mengucapkan sumpah jabatan di hadapan rohaniwan."),
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
          ("Sosialisasi Keterbukaan Informasi Publik Digelar di {kota}",
           "{dinas} Sosialisasikan Aplikasi Layanan Aduan Warga",
           "PPID Pembantu Diminta Perbarui Daftar Informasi Publik"),
          ("{dinas} menggelar sosialisasi keterbukaan informasi publik bagi pejabat pengelola informasi dan dokumentasi (PPID) di {lokasi}, {hari}. Kegiatan diikuti {n1} peserta dari perangkat daerah.",
           "Pemerintah terus mendorong pemanfaatan kanal pengaduan daring oleh masyarakat. Melalui {dinas}, sosialisasi aplikasi layanan aduan digelar di {lokasi}, {hari}."),
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
          ("{n1} Pelajar Terima Beasiswa Berprestasi dari {pemda}",
           "Sekolah di {tempat} Terima Bantuan Sarana Belajar",
           "{dinas} Evaluasi Pelaksanaan Penerimaan Siswa Baru"),
          ("Sebanyak {n1} pelajar dan mahasiswa menerima beasiswa berprestasi dari {pemda} dalam acara penyerahan di {lokasi}, {hari}. Beasiswa diberikan kepada siswa dari keluarga kurang mampu.",
           "{dinas} menyerahkan bantuan sarana belajar kepada sejumlah sekolah di {tempat}, {hari}. Bantuan meliputi meja, kursi, buku pelajaran dan perangkat komputer."),
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
          ("Angka Stunting di {daerah} Turun, Intervensi Diperluas",
           "Rembuk Stunting {tempat} Sepakati Delapan Aksi Konvergensi",
           "Kader Posyandu {tempat} Dilatih Deteksi Dini Stunting"),
          ("{pemda} menggelar rembuk stunting di {lokasi}, {hari}. Rembuk menghadirkan camat, kepala puskesmas dan kader posyandu dari desa lokus.",
           "Upaya percepatan penurunan stunting terus digencarkan. {dinas} melatih {n1} kader posyandu dari {tempat} dalam kegiatan di {lokasi}, {hari}."),
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
          ("{kepala} Kunjungi Warga {tempat}, Dengarkan Keluhan Jalan Rusak",
           "Kunjungan Kerja ke {tempat}, {wakil} Serahkan Bantuan",
           "{wakil} Tinjau Pelayanan Publik di {tempat}"),
          ("{kepala} melakukan kunjungan kerja ke {tempat}, {hari}. Di hadapan warga, ia mendengarkan langsung keluhan soal jalan rusak, listrik dan air bersih.",
           "{wakil} bersama rombongan meninjau pelayanan publik di {tempat}, {hari}. Kunjungan dimulai dari kantor kecamatan dan berlanjut ke puskesmas."),
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
          ("Titik Panas Meningkat, Satgas Karhutla {daerah} Siaga",
           "Apel Kesiapsiagaan Karhutla Digelar di {kota}",
           "Lahan Terbakar di {tempat} Berhasil Dipadamkan"),
          ("Satuan Tugas Pengendalian Kebakaran Hutan dan Lahan (Karhutla) {daerah} meningkatkan kesiagaan menyusul bertambahnya titik panas. Apel kesiapsiagaan digelar di {lokasi}, {hari}.",
           "Kebakaran lahan di {tempat} berhasil dipadamkan tim gabungan, {hari}. Api diduga berasal dari pembukaan lahan dengan cara dibakar."),
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
          ("Panen Raya Padi di {tempat}, Produksi Capai {n2} Ton",
           "Pasar Murah Digelar di {kota} Jelang {hbkn}",
           "Petani {tempat} Terima Bantuan Alat Mesin Pertanian"),
          ("{kepala} menghadiri panen raya padi di {tempat}, {hari}. Panen kali ini menjadi bukti kawasan tersebut berpotensi menjadi lumbung pangan daerah.",
           "{dinas} menggelar pasar murah di {lokasi}, {hari}. Warga dapat membeli beras, minyak goreng, gula dan telur dengan harga di bawah pasaran."),
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
          ("Perbaikan Jalan Poros {tempat} Ditargetkan Rampung Akhir Tahun",
           "Jembatan Penghubung di {tempat} Resmi Difungsikan",
           "{dinas} Tinjau Progres Peningkatan Jalan di {tempat}"),
          ("{dinas} meninjau progres peningkatan jalan poros di {tempat}, {hari}. Pekerjaan sepanjang {n2} kilometer itu kini telah mencapai {pct} persen.",
           "Jembatan penghubung antarkecamatan di {tempat} resmi difungsikan, {hari}. Jembatan tersebut memangkas waktu tempuh warga menuju pusat kota."),
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
          ("Musrenbang RKPD {daerah} {tahun_depan} Dibuka di {kota}",
           "Musrenbang Kecamatan {tempat} Tampung {n2} Usulan",
           "Bappeda {daerah} Minta Usulan Musrenbang Realistis"),
          ("Musyawarah Perencanaan Pembangunan (Musrenbang) Rencana Kerja Pemerintah Daerah tahun {tahun_depan} dibuka di {lokasi}, {hari}. Musrenbang menjadi forum penyelarasan usulan dari tingkat desa hingga provinsi.",
           "Musrenbang tingkat kecamatan di {tempat} digelar {hari}. Forum tersebut menampung usulan prioritas dari desa dan kelurahan."),
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
          ("{kepala} Gelar Silaturahmi dengan Tokoh Agama dan Adat",
           "Halalbihalal Keluarga Besar {pemda} Berlangsung Hangat",
           "Natal Bersama {pemda} Dihadiri Ribuan Umat"),
          ("{kepala} menggelar silaturahmi dengan tokoh agama, tokoh adat dan tokoh masyarakat di {lokasi}, {hari}. Pertemuan berlangsung dalam suasana kekeluargaan.",
           "Keluarga besar {pemda} menggelar perayaan bersama di {lokasi}, {hari}. Acara dihadiri aparatur sipil negara, unsur Forkopimda dan masyarakat umum."),
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
          ("{dinas} Latih Admin Media Sosial Perangkat Daerah",
           "Desa di {tempat} Mulai Nikmati Akses Internet",
           "Command Center {daerah} Pantau Layanan Publik Secara Daring"),
          ("{dinas} melatih {n1} pengelola media sosial perangkat daerah di {lokasi}, {hari}. Pelatihan bertujuan meningkatkan kualitas konten informasi pemerintah.",
           "Warga {tempat} kini dapat menikmati akses internet setelah menara telekomunikasi baru beroperasi, {hari}. Sebelumnya warga harus naik ke bukit untuk mendapat sinyal."),
          ("Peserta belajar menulis berita singkat, membuat infografis dan mengelola akun secara konsisten.",
           "Menara tersebut dibangun melalui program Bakti Kominfo bekerja sama dengan pemerintah daerah.",
           "Pengelola akun diminta merespons pertanyaan warga dengan cepat dan santun.",
           "Saat ini masih ada {n2} desa di wilayah ini yang belum terjangkau sinyal seluler.",
           "Command center menampilkan data pengaduan, kamera pengawas lalu lintas dan informasi cuaca secara langsung.",
           "Pelatihan juga membahas cara mengenali dan meluruskan hoaks yang beredar di masyarakat."),
          ("Media sosial pemerintah harus informatif, jangan hanya berisi foto seremoni",
           "Akses internet membuka peluang baru bagi anak sekolah dan pelaku usaha di desa",
           "Pemerintah tidak boleh kalah cepat dengan penyebar hoaks"),
          ("Peserta pelatihan media sosial di {lokasi}.", "Menara telekomunikasi baru di {tempat}."),
          ("Kominfo", "Media Sosial", "Hoaks")),
    Topic("kebangsaan", "kesbangpol", 2013, "Badan Kesatuan Bangsa dan Politik",
          ("Kesbangpol Gelar Pendidikan Wawasan Kebangsaan bagi Pemuda {kota}",
           "Forum Kewaspadaan Dini Masyarakat {daerah} Petakan Potensi Konflik",
           "Jelang Pemilu, {pemda} Ajak Warga Tolak Politik Uang"),
          ("Badan Kesatuan Bangsa dan Politik (Kesbangpol) {daerah} menggelar pendidikan wawasan kebangsaan bagi {n1} pemuda di {lokasi}, {hari}. Kegiatan menghadirkan narasumber dari TNI, Polri dan akademisi.",
           "Forum Kewaspadaan Dini Masyarakat (FKDM) {daerah} menggelar rapat pemetaan potensi konflik sosial di {lokasi}, {hari}. Rapat diikuti perwakilan kabupaten dan kota."),
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
          ("Bantuan Sosial Disalurkan kepada {n1} Keluarga di {tempat}",
           "{dinas} Verifikasi Ulang Data Penerima Bantuan",
           "Lansia dan Penyandang Disabilitas di {tempat} Terima Santunan"),
          ("{dinas} menyalurkan bantuan sosial kepada {n1} keluarga penerima manfaat di {tempat}, {hari}. Bantuan diserahkan langsung kepada penerima di kantor desa.",
           "Pemerintah melakukan verifikasi dan validasi ulang data terpadu kesejahteraan sosial. Kegiatan verifikasi dimulai di {tempat}, {hari}, dengan melibatkan pendamping sosial."),
          ("Setiap keluarga menerima bantuan berupa uang tunai dan paket bahan pokok.",
           "Verifikasi dilakukan agar bantuan tepat sasaran dan tidak ada penerima ganda.",
           "Penerima diminta menggunakan bantuan untuk kebutuhan pokok dan pendidikan anak.",
           "Data penerima yang sudah meninggal atau pindah domisili akan dikeluarkan dari daftar.",
           "Santunan juga diberikan kepada {n2} lansia terlantar dan penyandang disabilitas.",
           "Warga yang merasa layak tetapi belum terdaftar dapat mengusulkan diri melalui kantor desa."),
          ("Bantuan ini hak masyarakat, jangan ada potongan sepeser pun di lapangan",
           "Data yang akurat adalah kunci agar bantuan benar-benar sampai kepada yang berhak",
           "Kami ingin tidak ada warga yang tertinggal dari perlindungan sosial"),
          ("Penyerahan bantuan sosial kepada warga {tempat}.", "Petugas memverifikasi data penerima bantuan."),
          ("Bantuan Sosial", "Dinas Sosial", "Kesejahteraan")),
    Topic("wisata", "pariwisata", 2013, "Dinas Pariwisata",
          ("Festival Budaya {tempat} Tarik Ribuan Pengunjung",
           "{dinas} Promosikan Desa Wisata {tempat}",
           "Pelaku Wisata {kota} Ikuti Pelatihan Sadar Wisata"),
          ("Festival budaya di {tempat} resmi dibuka {hari}. Ribuan pengunjung memadati arena untuk menyaksikan parade tari, musik tradisional dan pameran kerajinan.",
           "{dinas} menggelar pelatihan sadar wisata bagi {n1} pelaku wisata di {lokasi}, {hari}. Pelatihan diharapkan meningkatkan kualitas layanan kepada wisatawan."),
          ("Festival digelar selama empat hari dan menjadi agenda tahunan pemerintah daerah.",
           "Desa wisata tersebut menawarkan panorama air terjun, tenun tradisional dan kuliner khas.",
           "Kunjungan wisatawan tahun lalu tercatat lebih dari {n3} ribu orang.",
           "Pelaku usaha penginapan melaporkan tingkat hunian kamar meningkat selama festival.",
           "Peserta dilatih tentang kebersihan, keramahan dan pemanfaatan media sosial untuk promosi.",
           "Pemerintah tengah menyiapkan perbaikan akses jalan dan toilet umum di kawasan wisata."),
          ("Budaya adalah identitas kita dan sekaligus daya tarik wisata yang luar biasa",
           "Wisatawan akan datang lagi kalau pelayanannya ramah dan tempatnya bersih",
           "Desa wisata harus memberi manfaat ekonomi langsung kepada warga"),
          ("Penampilan tari tradisional dalam festival di {tempat}.", "Pengunjung menikmati panorama desa wisata."),
          ("Pariwisata", "Festival Budaya", "Desa Wisata")),
)

TOPIC_BY_KEY = {t.key: t for t in TOPICS}

GENERIC = (
    "Kegiatan tersebut ditutup dengan sesi diskusi dan tanya jawab antara peserta dan narasumber.",
    "Turut hadir dalam kegiatan itu unsur Forkopimda, camat, lurah serta tokoh masyarakat setempat.",
    "Pemerintah berharap kegiatan serupa dapat digelar secara berkelanjutan setiap tahun.",
    "Usai acara, rombongan melanjutkan peninjauan ke sejumlah lokasi di sekitar {kota}.",
    "Masyarakat yang membutuhkan informasi lebih lanjut dapat menghubungi {dinas} pada jam kerja.",
    "Kegiatan ini merupakan tindak lanjut arahan pimpinan agar setiap program menyentuh kebutuhan warga.",
    "Menurut {kadis_n}, anggaran kegiatan bersumber dari APBD tahun {tahun}.",
    "Seluruh rangkaian acara berlangsung tertib dan mendapat sambutan positif dari warga.",
    "Program ini sejalan dengan visi pembangunan daerah yang tertuang dalam RPJMD.",
    "Evaluasi pelaksanaan akan dilakukan pada akhir tahun sebagai bahan perbaikan program berikutnya.",
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
    paragraphs: list[str]
    city: str
    captions: list[str]
    tags: list[str]
    topic: Topic
    scene: dict = field(repr=False)


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
        "hbkn": rng.choice(HBKN), "n1": rng.randrange(25, 400), "n2": rng.randrange(3, 60),
        "n3": rng.randrange(2, 90), "pct": f"{rng.randrange(1, 40)},{rng.randrange(10, 99)}",
    }
    for role, name in zip(("kepala", "wakil", "sekda", "kadis", "narsum"), names):
        title = f"Kepala {values['dinas']}" if role == "kadis" else reg.get(role, "Narasumber")
        values[role] = f"{title} {name}"
        values[f"{role}_n"] = name.replace("Hj. ", "").split()[0]
    return values


def fill(template: str, values: dict) -> str:
    return template.format_map(values)


def quote(rng: random.Random, text: str, values: dict, speaker: str, introduced: set) -> str:
    """A quoted paragraph with Indonesian attribution ('..., ujar Rahmat.')."""
    if speaker in introduced:
        said = rng.choice(SAYS_SELF) if rng.random() < 0.5 else f"{rng.choice(SAYS)} {values[speaker + '_n']}"
    else:
        said = f"{rng.choice(SAYS)} {values[speaker]}"
        introduced.add(speaker)
    return f"“{fill(text, values)},” {said}."


def compose(rng: random.Random, topic: Topic, values: dict, *, half: int | None = None,
            lead: int | None = None) -> Draft:
    """One article from a topic and a scene.

    ``half`` (0 or 1) restricts the article to alternate sentences of the banks, so two articles
    about the same scene share names and places but not sentences (the near-miss pairs).
    """
    def bank(items):
        return list(items if half is None else items[half::2])

    lead_text = fill(topic.leads[lead if lead is not None else rng.randrange(len(topic.leads))], values)
    facts = rng.sample(bank(topic.facts), k=min(len(bank(topic.facts)), rng.randrange(2, 6)))
    quotes = rng.sample(bank(topic.quotes), k=rng.randrange(1, len(bank(topic.quotes)) + 1))
    speakers = ["kadis", "kepala", "sekda", "wakil"]
    introduced: set = set()
    body = [fill(f, values) for f in facts]
    # join some facts pairwise so paragraphs have 1-2 sentences, as in real releases
    paras: list[str] = []
    while body:
        take = 2 if len(body) > 1 and rng.random() < 0.35 else 1
        paras.append(" ".join(body[:take]))
        body = body[take:]
    for q in quotes:
        paras.insert(rng.randrange(len(paras) + 1),
                     quote(rng, q, values, rng.choice(speakers[:2] if half is None else speakers[half::2]), introduced))
    closing = rng.sample(bank(GENERIC), k=max(3 - len(paras), int(rng.random() < 0.6)))
    paras = [lead_text] + paras[:8 - len(closing)] + [fill(c, values) for c in closing]
    captions = [fill(c, values) for c in topic.captions + ("Suasana kegiatan di {lokasi}, {hari}.",)]
    rng.shuffle(captions)
    return Draft(title=fill(rng.choice(topic.headlines), values), paragraphs=paras, city=values["kota"],
                 captions=captions, tags=list(topic.tags[: rng.randrange(1, 4)]), topic=topic, scene=values)


def weekly_agenda(rng: random.Random, region: str, monday: datetime) -> Draft:
    """'Agenda Gubernur Pekan Ini': fixed boilerplate around a different week's items (near-miss)."""
    values = scene(rng, region, TOPIC_BY_KEY["kunker"], monday)
    reg = REGIONS[region]
    friday = monday + timedelta(days=4)
    week = f"{monday.day}-{friday.day} {MONTHS[friday.month - 1]} {friday.year}"
    intro = (f"Biro Administrasi Pimpinan Setda Provinsi {reg['prov']} kembali merilis agenda kegiatan "
             f"{reg['kepala']} untuk sepekan ke depan. Agenda ini disusun agar masyarakat dan media dapat "
             f"mengikuti kegiatan pimpinan daerah secara terbuka.")
    days = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat")
    items = [
        f"Pada hari {day}, {reg['kepala']} dijadwalkan {fill(act, values)}."
        for day, act in zip(days, rng.sample(AGENDA_ITEMS, 5))
    ]
    outro = ("Agenda dapat berubah sewaktu-waktu menyesuaikan dinamika kegiatan pimpinan. Informasi "
             "perubahan jadwal akan disampaikan melalui kanal resmi Biro Administrasi Pimpinan dan akun "
             "media sosial pemerintah provinsi.")
    closing = ("Masyarakat yang ingin beraudiensi dengan Gubernur diminta mengajukan surat permohonan "
               "melalui Bagian Protokol paling lambat tiga hari kerja sebelumnya.")
    paras = [intro, " ".join(items[:2]), " ".join(items[2:4]), items[4], outro, closing]
    return Draft(title=f"Agenda {reg['kepala']} Pekan Ini, {week}", paragraphs=paras, city="Samarinda",
                 captions=[], tags=["Agenda Gubernur"], topic=TOPIC_BY_KEY["kunker"], scene=values)


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
)
