"""Deduplication engine: exact hashes, near-duplicate clustering on labelled Indonesian pairs,
persistence, rebuild, cluster origin, the articles_unique view and the cluster report.

The labelled corpus below is hand-written in the style of Humas/Diskominfo releases (all
names are invented). Reposts carry the edits portals really make: a new headline, a
shortened or rewritten lead, a dateline such as "Kupang, Poros Nusantara –", word swaps,
a dropped paragraph and a reporter credit "( Laporan : ... )". Near misses: independent
stories of the same event, and editions of a weekly column sharing its template.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner

from humas_crawler import corpus
from humas_crawler.corpus import store as corpus_store
from humas_crawler.corpus.queries import cluster_report
from humas_crawler.cli.dedup import clusters as clusters_command
from humas_crawler.cli.dedup import dedupe as dedupe_command
from humas_crawler.corpus.dedup import (
    NearDuplicateIndex,
    StaleIndexError,
    content_hash,
    rebuild_index,
    normalize_text,
)

SITES = {
    "humas-kupangkab": "https://kupangkab.go.id",
    "humas-kotakupang": "https://kupangkota.go.id",
    "humas-sikka": "https://sikkakab.go.id",
    "humas-belu": "https://belukab.go.id",
    "humas-tts": "https://ttskab.go.id",
    "humas-mabar": "https://manggaraibaratkab.go.id",
    "humas-ende": "https://endekab.go.id",
    "humas-banyumas": "https://banyumaskab.go.id",
    "poros-nusantara": "https://porosnusantara.co.id",
    "flores-pos": "https://florespos.co.id",
    "timor-ekspres": "https://timorekspres.id",
    "suara-banyumas": "https://suarabanyumas.id",
}


@dataclass
class Article:
    key: str
    story: str  # articles with the same story are duplicates of each other
    site: str
    path: str
    published_at: str
    title: str
    paragraphs: list[str]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def canonical_url(self) -> str:
        return SITES[self.site] + self.path


@dataclass
class Repost:
    """A portal's lightly edited copy of a release."""

    of: str
    key: str
    site: str
    path: str
    published_at: str
    title: str
    dateline: str
    lead: str
    credit: str
    drop: tuple[int, ...] = ()
    swaps: dict[str, str] = field(default_factory=dict)


RELEASES = [
    Article(
        "jagung", "jagung", "humas-kupangkab", "/berita/bupati-kupang-panen-raya-jagung-oelnasi",
        "2023-05-12T10:15:00+08:00",
        "Bupati Kupang Panen Raya Jagung Program TJPS di Desa Oelnasi",
        [
            "Bupati Kupang, Drs. Marthen Lusi Tanone, M.Si., melakukan panen raya jagung program "
            "Tanam Jagung Panen Sapi (TJPS) di lahan kelompok tani Usaha Bersama, Desa Oelnasi, "
            "Kecamatan Kupang Tengah, Jumat (12/5/2023). Panen raya tersebut turut dihadiri Wakil "
            "Ketua DPRD Kabupaten Kupang, Kepala Dinas Pertanian, Camat Kupang Tengah serta para "
            "kepala desa se-Kecamatan Kupang Tengah.",
            "Dalam sambutannya, Bupati Tanone mengatakan bahwa hasil panen musim tanam tahun ini "
            "menunjukkan peningkatan yang cukup menggembirakan. Dari lahan seluas 25 hektare, "
            "kelompok tani Usaha Bersama berhasil memanen rata-rata 5,2 ton jagung pipilan kering "
            "per hektare, naik dibandingkan musim tanam sebelumnya yang hanya mencapai 3,8 ton per "
            "hektare.",
            "\"Ini bukti bahwa kalau petani kita didampingi dengan baik, diberi benih unggul dan "
            "pupuk tepat waktu, hasilnya pasti meningkat. Pemerintah daerah akan terus hadir "
            "mendampingi petani mulai dari pengolahan lahan sampai pemasaran hasil panen,\" ujar "
            "Bupati Tanone.",
            "Kepala Dinas Pertanian Kabupaten Kupang, Ir. Yohanis Nitbani, menjelaskan bahwa pada "
            "tahun anggaran 2023 program TJPS dilaksanakan di 24 kecamatan dengan total luas tanam "
            "mencapai 3.150 hektare. Pemerintah menyediakan benih jagung hibrida, pupuk NPK dan "
            "urea, serta pendampingan oleh 86 orang penyuluh pertanian lapangan.",
            "Ia menambahkan, hasil panen petani akan dibeli oleh offtaker dengan harga Rp4.200 per "
            "kilogram sehingga petani tidak perlu khawatir soal pasar. Sebagian keuntungan hasil "
            "panen nantinya dapat digunakan petani untuk membeli bibit sapi sesuai konsep program "
            "TJPS.",
            "Ketua kelompok tani Usaha Bersama, Agustinus Bana, menyampaikan terima kasih kepada "
            "pemerintah daerah atas bantuan benih dan pupuk. Menurutnya, pendampingan penyuluh "
            "membuat anggota kelompok lebih disiplin menerapkan jarak tanam dan pemupukan sesuai "
            "anjuran.",
        ],
    ),
    Article(
        "dukcapil", "dukcapil", "humas-kotakupang", "/berita/pj-wali-kota-luncurkan-aplikasi-si-dukun",
        "2023-08-03T09:40:00+08:00",
        "Pj Wali Kota Kupang Luncurkan Aplikasi Layanan Kependudukan SI-DUKUN",
        [
            "Penjabat Wali Kota Kupang, Fransiskus Bria Manek, S.STP., M.Si., meluncurkan aplikasi "
            "layanan administrasi kependudukan berbasis daring bernama SI-DUKUN di Aula Rumah "
            "Jabatan Wali Kota Kupang, Kamis (3/8/2023). Aplikasi ini memungkinkan warga mengurus "
            "kartu keluarga, akta kelahiran dan surat pindah tanpa harus datang ke kantor Dinas "
            "Kependudukan dan Pencatatan Sipil.",
            "Pj Wali Kota dalam arahannya menegaskan bahwa pelayanan publik harus semakin cepat, "
            "mudah dan transparan. Menurutnya, selama ini masyarakat masih harus mengantre sejak "
            "pagi hari untuk mendapatkan pelayanan dokumen kependudukan.",
            "\"Dengan SI-DUKUN, warga cukup mengunggah persyaratan dari rumah, lalu dokumen yang "
            "sudah jadi dapat dicetak sendiri menggunakan kertas HVS biasa. Tidak ada lagi calo, "
            "tidak ada lagi biaya tambahan,\" tegas Pj Wali Kota.",
            "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Kupang, Maria Goreti Lake, S.Sos., "
            "melaporkan bahwa selama masa uji coba dua bulan terakhir aplikasi tersebut telah "
            "melayani 4.326 permohonan. Sebanyak 2.118 di antaranya merupakan permohonan perubahan "
            "kartu keluarga dan 1.274 permohonan akta kelahiran.",
            "Ia menjelaskan, aplikasi SI-DUKUN dapat diunduh melalui Play Store atau diakses lewat "
            "laman resmi Dinas Dukcapil. Bagi warga yang belum memiliki telepon pintar, petugas "
            "kelurahan siap membantu proses pengajuan secara daring di setiap kantor kelurahan.",
            "Peluncuran aplikasi ditandai dengan penekanan tombol sirene oleh Pj Wali Kota bersama "
            "unsur Forkopimda Kota Kupang, dilanjutkan dengan penyerahan dokumen kependudukan "
            "secara simbolis kepada sepuluh orang warga.",
        ],
    ),
    Article(
        "bibit", "bibit", "humas-sikka", "/berita/pemkab-sikka-salurkan-bantuan-bibit-padi-el-nino",
        "2023-10-20T14:05:00+08:00",
        "Pemkab Sikka Salurkan Bantuan Benih dan Pupuk bagi Petani Terdampak El Nino",
        [
            "Pemerintah Kabupaten Sikka melalui Dinas Pertanian menyalurkan bantuan benih padi "
            "varietas unggul dan pupuk bagi petani yang terdampak kekeringan akibat fenomena El "
            "Nino. Penyerahan bantuan dilakukan oleh Bupati Sikka, Fransiskus Roberto Diogo, di "
            "Desa Watugong, Kecamatan Alok Timur, Jumat (20/10/2023).",
            "Bantuan yang disalurkan terdiri atas 18 ton benih padi, 12 ton benih jagung, 40 ton "
            "pupuk organik cair serta 35 unit pompa air. Bantuan tersebut diperuntukkan bagi 142 "
            "kelompok tani yang tersebar di 14 kecamatan.",
            "Bupati Diogo mengatakan kemarau panjang tahun ini membuat banyak petani gagal tanam. "
            "Pemerintah daerah tidak ingin petani kehilangan harapan, sehingga bantuan benih dan "
            "pompa air diberikan agar lahan dapat segera ditanami kembali begitu hujan pertama "
            "turun.",
            "\"Saya minta kepada para penyuluh untuk turun langsung ke kebun dan sawah, jangan "
            "hanya duduk di kantor. Pastikan bantuan ini benar-benar sampai ke tangan petani dan "
            "digunakan sebagaimana mestinya,\" pinta Bupati.",
            "Kepala Dinas Pertanian Kabupaten Sikka, Ir. Martinus Moa Woda, menyebutkan bahwa "
            "berdasarkan data dinas, luas lahan yang mengalami puso pada musim tanam gadu tahun ini "
            "mencapai 1.870 hektare. Pihaknya juga telah mengusulkan bantuan tambahan kepada "
            "Kementerian Pertanian melalui program penanganan dampak perubahan iklim.",
            "Salah satu penerima bantuan, Yosefina Nona, petani asal Desa Watugong, mengaku "
            "bersyukur karena benih yang diterima akan langsung disemai bersama anggota kelompok "
            "lainnya.",
        ],
    ),
    Article(
        "stunting", "stunting", "humas-belu", "/berita/rakor-percepatan-penurunan-stunting-belu",
        "2023-09-07T11:30:00+08:00",
        "Prevalensi Stunting di Belu Turun, Pemkab Gelar Rakor Percepatan Penurunan Stunting",
        [
            "Pemerintah Kabupaten Belu menggelar Rapat Koordinasi Percepatan Penurunan Stunting "
            "Tingkat Kabupaten Tahun 2023 di Aula Hotel Nusantara Dua, Atambua, Kamis (7/9/2023). "
            "Rapat dibuka secara resmi oleh Wakil Bupati Belu, Aloysius Haleserens, selaku Ketua "
            "Tim Percepatan Penurunan Stunting Kabupaten Belu.",
            "Dalam sambutannya, Wakil Bupati menyampaikan bahwa berdasarkan hasil pengukuran "
            "serentak bulan Agustus, prevalensi stunting di Kabupaten Belu turun menjadi 14,6 "
            "persen dari sebelumnya 17,9 persen pada tahun lalu. Capaian tersebut merupakan hasil "
            "kerja bersama seluruh perangkat daerah, pemerintah desa, kader posyandu dan mitra "
            "pembangunan.",
            "\"Penurunan ini patut kita syukuri, namun kita tidak boleh berpuas diri. Target "
            "nasional tahun 2024 adalah 14 persen, dan kita harus melampauinya. Setiap desa wajib "
            "memastikan ibu hamil dan balita mendapat pendampingan gizi,\" tegasnya.",
            "Kepala Dinas Kesehatan Kabupaten Belu, dr. Joice Manek, memaparkan bahwa intervensi "
            "spesifik difokuskan pada pemberian makanan tambahan berbasis pangan lokal, suplementasi "
            "tablet tambah darah bagi remaja putri serta peningkatan cakupan imunisasi dasar "
            "lengkap. Saat ini masih terdapat 1.084 balita stunting yang tersebar di 81 desa dan "
            "kelurahan.",
            "Rapat koordinasi juga membahas penguatan peran Tim Pendamping Keluarga di tingkat desa "
            "serta pemanfaatan dana desa untuk penyediaan air bersih dan jamban sehat. Kegiatan "
            "diakhiri dengan penandatanganan komitmen bersama oleh para camat dan kepala desa.",
        ],
    ),
    Article(
        "pasar", "pasar", "humas-tts", "/berita/pemkab-tts-gelar-pasar-murah-jelang-natal",
        "2023-12-18T16:20:00+08:00",
        "Jelang Natal, Pemkab TTS Gelar Pasar Murah di Sepuluh Kecamatan",
        [
            "Dalam rangka menjaga stabilitas harga dan ketersediaan bahan pokok menjelang Hari Raya "
            "Natal dan Tahun Baru, Pemerintah Kabupaten Timor Tengah Selatan melalui Dinas "
            "Perindustrian dan Perdagangan menggelar pasar murah di sepuluh kecamatan. Kegiatan "
            "dibuka oleh Bupati TTS, Egusem Piether Tahun, di halaman Kantor Camat Kota SoE, Senin "
            "(18/12/2023).",
            "Pada pasar murah tersebut, masyarakat dapat membeli beras medium seharga Rp10.500 per "
            "kilogram, minyak goreng Rp14.000 per liter, gula pasir Rp14.500 per kilogram dan "
            "telur ayam Rp48.000 per rak. Harga tersebut lebih rendah dibandingkan harga di pasar "
            "tradisional.",
            "Bupati Tahun mengatakan pasar murah merupakan salah satu upaya pemerintah daerah untuk "
            "meringankan beban masyarakat sekaligus mengendalikan inflasi daerah. Ia meminta agar "
            "pembelian dibatasi sehingga seluruh warga mendapatkan kesempatan yang sama.",
            "\"Jangan sampai ada yang borong lalu dijual kembali dengan harga tinggi. Petugas harus "
            "tegas, setiap kepala keluarga hanya boleh membeli sesuai kuota,\" ujar Bupati.",
            "Kepala Dinas Perindustrian dan Perdagangan Kabupaten TTS, Semuel Nenobais, SE., "
            "menjelaskan bahwa pasar murah akan berlangsung hingga 22 Desember 2023 dengan jadwal "
            "bergilir. Total komoditas yang disiapkan mencapai 60 ton beras, 12.000 liter minyak "
            "goreng dan 8 ton gula pasir hasil kerja sama dengan Perum Bulog Cabang SoE.",
        ],
    ),
    Article(
        "festival", "festival", "humas-mabar", "/berita/festival-golo-koe-2023-resmi-dibuka",
        "2023-08-10T20:45:00+08:00",
        "Festival Golo Koe 2023 Resmi Dibuka, Pemkab Mabar Dorong Wisata Religi",
        [
            "Festival Golo Koe 2023 resmi dibuka di Kawasan Waterfront Marina Labuan Bajo, Kamis "
            "(10/8/2023) malam. Pembukaan ditandai dengan pemukulan gong oleh Bupati Manggarai "
            "Barat, Edistasius Endi, disaksikan ribuan warga dan wisatawan yang memadati kawasan "
            "tepi pantai.",
            "Festival yang berlangsung hingga 15 Agustus 2023 ini menampilkan perarakan patung "
            "Bunda Maria melalui laut, pameran ekonomi kreatif, lomba perahu tradisional serta "
            "pentas seni budaya dari 12 kecamatan di Manggarai Barat.",
            "Bupati Endi dalam sambutannya mengatakan Festival Golo Koe bukan sekadar kegiatan "
            "keagamaan, tetapi juga menjadi ruang perjumpaan lintas iman dan budaya. Festival ini "
            "diharapkan memperpanjang lama tinggal wisatawan di Labuan Bajo sekaligus membuka "
            "peluang usaha bagi pelaku UMKM lokal.",
            "\"Labuan Bajo tidak hanya tentang Komodo dan keindahan laut. Kita punya kekayaan "
            "budaya dan tradisi religi yang bisa menjadi daya tarik wisata berkelanjutan,\" ujar "
            "Bupati Endi.",
            "Kepala Dinas Pariwisata, Ekonomi Kreatif dan Kebudayaan Kabupaten Manggarai Barat, "
            "Stefanus Jemsifori, menyebutkan sebanyak 146 pelaku UMKM ambil bagian dalam pameran. "
            "Pemerintah daerah juga menyiapkan layanan kesehatan, kantong parkir dan petugas "
            "keamanan untuk menjamin kenyamanan pengunjung selama festival berlangsung.",
        ],
    ),
    Article(
        "banjir", "banjir", "humas-ende", "/berita/bupati-ende-tinjau-lokasi-banjir-bandang-nangapanda",
        "2024-01-22T13:10:00+08:00",
        "Bupati Ende Tinjau Lokasi Banjir Bandang di Nangapanda",
        [
            "Bupati Ende, Djafar Hamzah Achmad, meninjau lokasi banjir bandang yang melanda Desa "
            "Ondorea dan Desa Tendarea, Kecamatan Nangapanda, Senin (22/1/2024). Banjir terjadi "
            "pada Minggu malam setelah hujan deras mengguyur wilayah tersebut selama lebih dari "
            "enam jam.",
            "Berdasarkan data sementara Badan Penanggulangan Bencana Daerah (BPBD) Kabupaten Ende, "
            "sebanyak 73 rumah warga terendam lumpur, 9 rumah rusak berat dan satu jembatan "
            "penghubung antardesa putus. Tidak ada korban jiwa dalam peristiwa tersebut, namun 214 "
            "jiwa terpaksa mengungsi ke rumah kerabat dan gedung sekolah.",
            "Bupati Achmad meminta BPBD, Dinas Sosial dan Dinas Pekerjaan Umum segera menangani "
            "dampak banjir. Ia menginstruksikan agar dapur umum didirikan dan bantuan logistik "
            "disalurkan hari itu juga kepada warga yang mengungsi.",
            "\"Keselamatan warga menjadi prioritas utama. Alat berat sudah saya perintahkan untuk "
            "membersihkan material lumpur dan batu yang menutup badan jalan, supaya akses menuju "
            "desa kembali terbuka,\" kata Bupati.",
            "Kepala Pelaksana BPBD Kabupaten Ende, Yohanes Djata, mengatakan pihaknya telah "
            "menyalurkan bantuan berupa beras, mi instan, air mineral, selimut dan terpal. BPBD "
            "juga mengimbau warga yang tinggal di bantaran sungai agar tetap waspada karena curah "
            "hujan diperkirakan masih tinggi hingga akhir Januari.",
        ],
    ),
    Article(
        "polio", "polio", "humas-banyumas", "/berita/sub-pin-polio-putaran-kedua-banyumas",
        "2024-02-19T08:30:00+07:00",
        "Sub PIN Polio Putaran Kedua di Banyumas Sasar 183 Ribu Anak",
        [
            "Pemerintah Kabupaten Banyumas melaksanakan Sub Pekan Imunisasi Nasional (Sub PIN) "
            "Polio putaran kedua mulai Senin (19/2/2024). Pencanangan dilakukan oleh Penjabat "
            "Bupati Banyumas, Hanung Wikantono, di SD Negeri 1 Karangklesem, Kecamatan Purwokerto "
            "Selatan.",
            "Imunisasi polio tetes putaran kedua ini menyasar 183.462 anak usia 0 hingga 7 tahun. "
            "Pelayanan imunisasi dilaksanakan di posyandu, puskesmas, sekolah, pendidikan anak usia "
            "dini serta pos pelayanan di tempat-tempat umum selama satu pekan.",
            "Pj Bupati Hanung mengajak seluruh orang tua membawa anaknya ke pos imunisasi terdekat, "
            "termasuk anak yang sudah mendapatkan imunisasi pada putaran pertama. Menurutnya, "
            "imunisasi lengkap adalah perlindungan terbaik agar anak-anak terhindar dari kelumpuhan "
            "akibat virus polio.",
            "\"Jangan ragu dan jangan termakan kabar bohong. Vaksin polio aman, halal dan sudah "
            "terbukti melindungi anak-anak kita selama puluhan tahun,\" tegasnya.",
            "Kepala Dinas Kesehatan Kabupaten Banyumas, dr. Dani Esti Novia, menyampaikan capaian "
            "putaran pertama bulan lalu mencapai 98,7 persen. Pihaknya menurunkan 1.250 vaksinator "
            "dan melibatkan kader kesehatan untuk menyisir anak-anak yang belum terimunisasi dari "
            "rumah ke rumah.",
        ],
    ),
]

REPOSTS = [
    Repost(
        "jagung", "jagung-poros", "poros-nusantara", "/2023/05/13/panen-jagung-tjps-di-oelnasi-capai-52-ton",
        "2023-05-13T08:02:00+08:00",
        "Panen Jagung TJPS di Oelnasi Capai 5,2 Ton per Hektare",
        "Kupang, Poros Nusantara –",
        "Bupati Kupang Marthen Lusi Tanone melakukan panen raya jagung program TJPS di Desa "
        "Oelnasi, Kecamatan Kupang Tengah, Jumat (12/5/2023).",
        "( Laporan : Yanto Seran )",
        drop=(5,),
        swaps={"mengatakan": "menyampaikan", "menggembirakan": "signifikan"},
    ),
    Repost(
        "jagung", "jagung-timex", "timor-ekspres", "/daerah/hasil-panen-jagung-petani-oelnasi-meningkat",
        "2023-05-12T19:30:00+08:00",
        "Hasil Panen Jagung Petani Oelnasi Meningkat",
        "OELNASI, TIMEX –",
        "Hasil panen jagung petani di Desa Oelnasi, Kupang Tengah, meningkat. Hal itu terungkap "
        "saat Bupati Kupang melakukan panen raya program TJPS, Jumat (12/5).",
        "( Laporan : Erna Leok )",
        drop=(4,),
        swaps={"Dalam sambutannya, Bupati Tanone": "Bupati Tanone"},
    ),
    Repost(
        "dukcapil", "dukcapil-poros", "poros-nusantara", "/2023/08/04/warga-kota-kupang-kini-bisa-urus-kk-dari-rumah",
        "2023-08-04T07:45:00+08:00",
        "Warga Kota Kupang Kini Bisa Urus KK dari Rumah",
        "Kupang, Poros Nusantara –",
        "Pemerintah Kota Kupang meluncurkan aplikasi SI-DUKUN, Kamis (3/8/2023). Warga kini bisa "
        "mengurus kartu keluarga dan akta kelahiran secara daring.",
        "( Laporan : Yanto Seran )",
        swaps={"menegaskan": "mengatakan", "tegas Pj Wali Kota": "kata Fransiskus"},
    ),
    Repost(
        "bibit", "bibit-florespos", "flores-pos", "/ekonomi/petani-sikka-terima-18-ton-benih-padi",
        "2023-10-21T10:00:00+08:00",
        "Petani Sikka Terima 18 Ton Benih Padi",
        "MAUMERE, FLORES POS –",
        "Ratusan kelompok tani di Kabupaten Sikka yang terdampak kemarau panjang menerima bantuan "
        "benih dan pupuk dari pemerintah daerah di Desa Watugong, Jumat (20/10/2023).",
        "( Laporan : Ansel Kelen )",
        drop=(5,),
        swaps={"pinta Bupati": "kata Diogo", "menyebutkan": "mengungkapkan"},
    ),
    Repost(
        "stunting", "stunting-timex", "timor-ekspres", "/daerah/stunting-di-belu-turun-jadi-146-persen",
        "2023-09-08T06:30:00+08:00",
        "Stunting di Belu Turun Jadi 14,6 Persen",
        "ATAMBUA, TIMEX –",
        "Prevalensi stunting di Kabupaten Belu turun menjadi 14,6 persen. Hal itu disampaikan "
        "dalam rapat koordinasi di Atambua, Kamis (7/9/2023).",
        "( Laporan : Erna Leok )",
        swaps={"tegasnya": "ujar Aloysius", "memaparkan": "menjelaskan"},
    ),
    Repost(
        "pasar", "pasar-poros", "poros-nusantara", "/2023/12/19/pasar-murah-tts-beras-dijual-rp10500",
        "2023-12-19T09:15:00+08:00",
        "Pasar Murah di TTS, Beras Dijual Rp10.500 per Kilogram",
        "SoE, Poros Nusantara –",
        "Pemkab TTS menggelar pasar murah jelang Natal dan Tahun Baru di sepuluh kecamatan. "
        "Kegiatan dibuka Bupati Egusem Piether Tahun di SoE, Senin (18/12/2023).",
        "( Laporan : Yanto Seran )",
        swaps={"Jangan sampai ada yang borong": "Jangan ada yang memborong"},
    ),
    Repost(
        "festival", "festival-florespos", "flores-pos", "/budaya/festival-golo-koe-dorong-wisata-religi",
        "2023-08-11T11:20:00+08:00",
        "Festival Golo Koe Dorong Wisata Religi di Labuan Bajo",
        "LABUAN BAJO, FLORES POS –",
        "Festival Golo Koe 2023 dibuka Bupati Manggarai Barat di Waterfront Marina Labuan Bajo, "
        "Kamis (10/8/2023) malam.",
        "( Laporan : Ansel Kelen )",
        drop=(4,),
        swaps={"mengatakan": "menuturkan"},
    ),
    Repost(
        "banjir", "banjir-florespos", "flores-pos", "/peristiwa/73-rumah-terendam-banjir-bandang-di-nangapanda",
        "2024-01-22T21:40:00+08:00",
        "73 Rumah Terendam Banjir Bandang di Nangapanda",
        "ENDE, FLORES POS –",
        "Banjir bandang melanda dua desa di Kecamatan Nangapanda, Ende. Bupati Ende meninjau "
        "lokasi, Senin (22/1/2024).",
        "( Laporan : Ansel Kelen )",
        swaps={"kata Bupati": "ujar Djafar", "Berdasarkan data sementara": "Menurut data"},
    ),
    Repost(
        "polio", "polio-suara", "suara-banyumas", "/kesehatan/183-ribu-anak-banyumas-jadi-sasaran-sub-pin-polio",
        "2024-02-19T15:00:00+07:00",
        "183 Ribu Anak Banyumas Jadi Sasaran Sub PIN Polio",
        "PURWOKERTO, Suara Banyumas –",
        "Sub PIN Polio putaran kedua di Kabupaten Banyumas dimulai Senin (19/2/2024), dicanangkan "
        "Pj Bupati Hanung Wikantono di Purwokerto Selatan.",
        "( Laporan : Wahyu Pratama )",
        drop=(3,),
        swaps={"menyampaikan": "mengatakan"},
    ),
]

# Portals that republish a release word for word (another site, so not the pipeline's
# same-site hash match): exact duplicates must cluster too.
EXACT_COPIES = [
    ("dukcapil", "dukcapil-copy", "timor-ekspres", "/daerah/pj-wali-kota-kupang-luncurkan-si-dukun", "2023-08-03T15:00:00+08:00"),
    ("polio", "polio-copy", "poros-nusantara", "/2024/02/19/sub-pin-polio-putaran-kedua-banyumas", "2024-02-19T12:00:00+07:00"),
]

# Independent reporting of the same events: shared names, numbers and places, own wording.
SAME_EVENT_STORIES = [
    Article(
        "jagung-feature", "jagung-feature", "timor-ekspres", "/features/cerita-petani-oelnasi-dari-lahan-kering",
        "2023-05-14T09:00:00+08:00",
        "Cerita Petani Oelnasi dari Lahan Kering",
        [
            "Matahari belum tinggi ketika Agustinus Bana mengajak kami menyusuri pematang di Desa "
            "Oelnasi. Tongkol-tongkol jagung yang menguning sudah dipetik, sebagian ditumpuk di "
            "bawah lopo beratap alang-alang.",
            "Dua tahun lalu, katanya, lahan yang sama hanya menghasilkan kurang dari empat ton. "
            "Tanahnya keras, air hujan cepat hilang. Kelompoknya sempat ragu ketika diajak ikut "
            "program TJPS karena takut terlilit utang benih.",
            "Keraguan itu perlahan hilang setelah penyuluh rutin datang setiap pekan. Mereka belajar "
            "membuat lubang tanam, mengatur jarak dan menabur pupuk dua kali. Panen raya yang "
            "dihadiri bupati pekan lalu menjadi semacam perayaan bagi warga kampung.",
            "Meski begitu, Agustinus masih menyimpan kekhawatiran. Harga beli Rp4.200 per kilogram "
            "dinilai cukup, tetapi ongkos angkut dari kebun ke gudang offtaker masih ditanggung "
            "petani sendiri. Ia berharap jalan tani menuju kebun segera diperbaiki sebelum musim "
            "tanam berikutnya.",
            "Mimpi terbesarnya sederhana: membeli dua ekor sapi betina dari hasil panen, seperti "
            "janji nama program yang mereka ikuti.",
        ],
    ),
    Article(
        "stunting-opini", "stunting-opini", "poros-nusantara", "/2023/09/09/kader-posyandu-di-balik-turunnya-stunting-belu",
        "2023-09-09T10:00:00+08:00",
        "Kader Posyandu di Balik Turunnya Angka Stunting Belu",
        [
            "Angka stunting Kabupaten Belu yang turun ke 14,6 persen diumumkan dalam rapat "
            "koordinasi di Atambua pekan ini. Namun di balik angka itu ada kerja sunyi ratusan "
            "kader posyandu yang jarang disebut dalam sambutan pejabat.",
            "Di Desa Fatuketi, Kecamatan Kakuluk Mesak, kader bernama Veronika Bere setiap bulan "
            "menimbang lebih dari enam puluh balita. Ia juga mendatangi rumah ibu hamil yang enggan "
            "ke puskesmas, membawa kacang hijau dan telur dari dana desa.",
            "Veronika mengaku honor kader hanya Rp150.000 per bulan dan sering terlambat cair. "
            "Timbangan di posyandunya pun sudah rusak sejak awal tahun sehingga ia harus meminjam "
            "dari desa tetangga.",
            "Pengamat kesehatan masyarakat dari Universitas Nusa Cendana, Dr. Regina Tuka, menilai "
            "penurunan stunting perlu dibaca hati-hati karena metode pengukuran serentak berbeda "
            "dengan survei nasional. Ia mendorong pemerintah daerah memperkuat kapasitas kader dan "
            "memperbaiki alat ukur di posyandu.",
        ],
    ),
    Article(
        "banjir-pengungsi", "banjir-pengungsi", "poros-nusantara", "/2024/01/23/pengungsi-banjir-nangapanda-butuh-air-bersih",
        "2024-01-23T12:30:00+08:00",
        "Pengungsi Banjir Nangapanda Butuh Air Bersih",
        [
            "Dua hari setelah banjir bandang menerjang Kecamatan Nangapanda, ratusan warga yang "
            "mengungsi di gedung SD Inpres Ondorea mulai kesulitan air bersih. Sumur-sumur warga "
            "tertimbun lumpur dan pipa air dari mata air di perbukitan putus diterjang arus.",
            "Maria Wea, seorang ibu yang mengungsi bersama tiga anaknya, mengatakan mereka hanya "
            "mengandalkan kiriman air galon dari relawan. Anak bungsunya mulai demam dan batuk "
            "sejak tidur di lantai kelas.",
            "Relawan dari paroki setempat dan organisasi kepemudaan membuka posko kesehatan darurat. "
            "Mereka mencatat belasan warga mengalami diare dan gatal-gatal.",
            "Warga berharap pemerintah segera memperbaiki jembatan yang putus, karena hasil kebun "
            "seperti kakao dan kemiri tidak bisa dibawa ke pasar Nangapanda. Sebagian warga memilih "
            "menyeberangi sungai dengan berjalan kaki meski arus masih deras.",
        ],
    ),
    Article(
        "pasar-antre", "pasar-antre", "timor-ekspres", "/daerah/warga-soe-antre-sejak-subuh-di-pasar-murah",
        "2023-12-18T20:00:00+08:00",
        "Warga SoE Antre Sejak Subuh di Pasar Murah",
        [
            "Ratusan warga sudah mengantre sejak subuh di halaman Kantor Camat Kota SoE, Senin "
            "(18/12/2023), meski pasar murah baru dibuka pukul sembilan pagi. Sebagian besar "
            "adalah ibu rumah tangga yang ingin membeli beras dan minyak goreng untuk persiapan "
            "Natal.",
            "Antrean sempat tidak tertib ketika stok minyak goreng di salah satu meja habis sebelum "
            "pukul sebelas. Petugas Satpol PP turun tangan mengatur warga agar tidak saling dorong.",
            "Yuliana Nubatonis, warga Kelurahan Kampung Baru, mengaku hanya kebagian beras lima "
            "kilogram. Ia berharap pasar murah digelar lebih sering, tidak hanya menjelang hari "
            "raya, karena harga kebutuhan pokok di pasar terus naik sejak musim kemarau.",
            "Petugas dinas mengatakan stok tambahan akan dikirim dari gudang Bulog untuk jadwal "
            "pasar murah di kecamatan berikutnya.",
        ],
    ),
]

COLUMN_INTRO = (
    "Salam sejahtera bagi kita semua. Kembali lagi bersama Sapa Warga, rubrik mingguan Dinas "
    "Komunikasi dan Informatika Kabupaten Sikka yang hadir setiap hari Jumat untuk menyampaikan "
    "informasi pembangunan, layanan publik dan kebijakan pemerintah daerah kepada seluruh "
    "masyarakat Nian Tana Sikka."
)
COLUMN_OUTRO = (
    "Demikian Sapa Warga edisi pekan ini. Masyarakat yang ingin menyampaikan pertanyaan, saran "
    "maupun pengaduan terkait layanan pemerintah daerah dapat menghubungi kanal SP4N-LAPOR!, "
    "pesan WhatsApp Diskominfo Sikka atau datang langsung ke kantor kami pada jam kerja. Sampai "
    "jumpa pada edisi berikutnya. Salam Sikka Bersatu, Sikka Bangkit."
)
COLUMN_TOPICS = [
    (
        "12", "2023-09-01T08:00:00+08:00", "Layanan Paspor Keliling",
        [
            "Pada edisi kali ini kami mengabarkan bahwa Kantor Imigrasi Maumere kembali membuka "
            "layanan paspor keliling di Kecamatan Talibura pada tanggal 12 hingga 14 September. "
            "Warga cukup membawa KTP elektronik, kartu keluarga dan akta kelahiran asli.",
            "Layanan ini diperuntukkan terutama bagi calon pekerja migran prosedural dan warga "
            "yang hendak menunaikan ibadah. Kuota per hari dibatasi sebanyak 50 pemohon.",
        ],
    ),
    (
        "13", "2023-09-08T08:00:00+08:00", "Pendaftaran Beasiswa Daerah",
        [
            "Pekan ini Pemerintah Kabupaten Sikka membuka pendaftaran beasiswa daerah bagi "
            "mahasiswa berprestasi dari keluarga kurang mampu. Pendaftaran berlangsung sampai "
            "akhir bulan melalui Bagian Kesejahteraan Rakyat Setda Sikka.",
            "Syarat utama adalah indeks prestasi kumulatif minimal 3,0 dan surat keterangan tidak "
            "mampu dari desa atau kelurahan. Tahun ini disiapkan 300 kuota penerima.",
        ],
    ),
    (
        "14", "2023-09-15T08:00:00+08:00", "Perbaikan Jalan Nita",
        [
            "Dinas Pekerjaan Umum sedang memperbaiki ruas jalan Nita menuju Koting sepanjang 4,5 "
            "kilometer. Selama pekerjaan berlangsung, pengendara diminta berhati-hati karena "
            "sebagian badan jalan ditutup bergantian.",
            "Pekerjaan pengaspalan ditargetkan rampung pada pertengahan November sebelum musim "
            "hujan tiba. Pengawasan melibatkan konsultan dan tokoh masyarakat setempat.",
        ],
    ),
    (
        "15", "2023-09-22T08:00:00+08:00", "Vaksinasi Rabies Hewan Penular",
        [
            "Dinas Pertanian melalui Bidang Kesehatan Hewan melaksanakan vaksinasi rabies massal "
            "bagi anjing, kucing dan kera peliharaan di seluruh desa. Vaksinasi diberikan gratis "
            "oleh petugas yang datang ke rumah-rumah warga.",
            "Pemilik hewan diminta mengikat atau mengandangkan peliharaannya pada hari vaksinasi. "
            "Warga yang digigit hewan penular rabies agar segera mencuci luka dan melapor ke "
            "puskesmas terdekat.",
        ],
    ),
]


def column_editions() -> list[Article]:
    return [
        Article(
            f"kolom-{number}", f"kolom-{number}", "humas-sikka", f"/kolom/sapa-warga-edisi-{number}",
            published_at, f"Sapa Warga Edisi {number}: {topic}", [COLUMN_INTRO, *middle, COLUMN_OUTRO],
        )
        for number, published_at, topic, middle in COLUMN_TOPICS
    ]


def apply_repost(release: Article, repost: Repost) -> Article:
    """The repost's text: dateline + new lead, the rest with swaps and drops, then the credit."""
    rest = [p for i, p in enumerate(release.paragraphs[1:], start=1) if i not in repost.drop]
    for old, new in repost.swaps.items():
        rest = [p.replace(old, new) for p in rest]
    paragraphs = [f"{repost.dateline} {repost.lead}", *rest, repost.credit]
    return Article(repost.key, release.story, repost.site, repost.path, repost.published_at,
                   repost.title, paragraphs)


def labelled_articles() -> list[Article]:
    by_key = {a.key: a for a in RELEASES}
    reposts = [apply_repost(by_key[r.of], r) for r in REPOSTS]
    copies = [
        Article(key, of, site, path, published_at, by_key[of].title, by_key[of].paragraphs)
        for of, key, site, path, published_at in EXACT_COPIES
    ]
    return [*RELEASES, *reposts, *copies, *SAME_EVENT_STORIES, *column_editions()]


def near_miss_pairs() -> list[tuple[str, str]]:
    """Labelled negatives that share an event or a template with each other."""
    same_event = [("jagung", "jagung-feature"), ("jagung-poros", "jagung-feature"),
                  ("stunting", "stunting-opini"), ("stunting-timex", "stunting-opini"),
                  ("banjir", "banjir-pengungsi"), ("banjir-florespos", "banjir-pengungsi"),
                  ("pasar", "pasar-antre"), ("pasar-poros", "pasar-antre")]
    columns = list(itertools.combinations([a.key for a in column_editions()], 2))
    return same_event + columns


def duplicate_pairs(articles: list[Article]) -> list[tuple[str, str]]:
    return [(a.key, b.key) for a, b in itertools.combinations(articles, 2) if a.story == b.story]


# ---------------------------------------------------------------------------------------
# Corpus helpers
# ---------------------------------------------------------------------------------------


def open_test_corpus(path):
    db = corpus.open_corpus(path)
    for name, url in SITES.items():
        corpus_store.upsert_site(db, name, url, None, None)
    return db


def store(db, article: Article) -> int:
    return corpus_store.insert_article(db, {
        "url": article.canonical_url,
        "canonical_url": article.canonical_url,
        "site": article.site,
        "title": article.title,
        "body": article.body,
        "published_at": article.published_at,
        "content_hash": content_hash(article.body),
    })


def store_and_index(db, index: NearDuplicateIndex, articles: list[Article]) -> dict[str, int]:
    ids = {}
    for article in articles:
        ids[article.key] = store(db, article)
        index.add(ids[article.key])
    return ids


def cluster_sets(db) -> set[frozenset[int]]:
    members: dict[int, set[int]] = {}
    for row in db.query("select cluster_id, article_id from clusters"):
        members.setdefault(row["cluster_id"], set()).add(row["article_id"])
    return {frozenset(m) for m in members.values()}


def same_cluster(db, a: int, b: int) -> bool:
    rows = {r["article_id"]: r["cluster_id"] for r in db.query(
        "select article_id, cluster_id from clusters where article_id in (?, ?)", [a, b])}
    return len(rows) == 2 and rows[a] == rows[b]


@pytest.fixture
def labelled(tmp_path):
    db = open_test_corpus(tmp_path / "c.db")
    articles = labelled_articles()
    ids = store_and_index(db, NearDuplicateIndex(db), articles)
    return db, articles, ids


# ---------------------------------------------------------------------------------------
# Exact duplicates
# ---------------------------------------------------------------------------------------


def test_normalize_text_folds_case_punctuation_quotes_and_dashes():
    raw = "“Kupang, Poros Nusantara –  Bupati   KUPANG, Jum’at (12/5/2023) meresmikan…”"
    assert normalize_text(raw) == "kupang poros nusantara bupati kupang jumat 12 5 2023 meresmikan"


@pytest.mark.parametrize("variant", [
    "Bupati Kupang meresmikan pasar.",
    "bupati  kupang — meresmikan   pasar",
    "BUPATI KUPANG MERESMIKAN PASAR!!",
    "Bupati\u00a0Kupang\nmeresmikan «pasar»",
])
def test_content_hash_ignores_typography(variant):
    assert content_hash(variant) == content_hash("Bupati Kupang meresmikan pasar")


def test_content_hash_is_sha1_hex_and_tells_words_apart():
    digest = content_hash("Bupati Kupang meresmikan pasar")
    assert len(digest) == 40 and int(digest, 16) >= 0
    assert digest != content_hash("Bupati Kupang meresmikan jembatan")


# ---------------------------------------------------------------------------------------
# Near duplicates on labelled pairs
# ---------------------------------------------------------------------------------------


def test_labelled_set_has_enough_pairs_of_each_kind():
    articles = labelled_articles()
    assert len(duplicate_pairs(articles)) >= 8
    assert len(near_miss_pairs()) >= 8
    assert len({a.key for a in articles}) == len(articles)


def test_clustering_precision_and_recall_on_labelled_pairs(labelled):
    db, articles, ids = labelled
    positives = duplicate_pairs(articles)
    negatives = near_miss_pairs()
    true_positives = sum(same_cluster(db, ids[a], ids[b]) for a, b in positives)
    false_positives = sum(same_cluster(db, ids[a], ids[b]) for a, b in negatives)
    recall = true_positives / len(positives)
    precision = true_positives / max(true_positives + false_positives, 1)
    assert recall >= 0.95, f"recall {recall:.2f}"
    assert precision >= 0.95, f"precision {precision:.2f}"


def test_no_cluster_mixes_stories(labelled):
    db, articles, ids = labelled
    story_of = {ids[a.key]: a.story for a in articles}
    for members in cluster_sets(db):
        assert len({story_of[m] for m in members}) == 1


def test_add_returns_cluster_and_origin_for_a_repost(tmp_path):
    db = open_test_corpus(tmp_path / "c.db")
    index = NearDuplicateIndex(db)
    release, repost = RELEASES[0], apply_repost(RELEASES[0], REPOSTS[0])
    release_id = store(db, release)
    assert index.add(release_id) is None
    repost_id = store(db, repost)
    match = index.add(repost_id)
    assert match["cluster_id"] == release_id
    assert match["origin_id"] == release_id
    assert 0.5 < match["similarity"] < 1


def test_add_is_idempotent(tmp_path):
    db = open_test_corpus(tmp_path / "c.db")
    index = NearDuplicateIndex(db)
    release_id = store(db, RELEASES[1])
    repost_id = store(db, apply_repost(RELEASES[1], REPOSTS[2]))
    index.add(release_id)
    assert index.add(repost_id) is not None
    assert index.add(repost_id) is None
    assert index.add(release_id) is None
    assert db["clusters"].count == 2
    assert db["minhash_signatures"].count == 2


def test_short_texts_are_indexed_but_never_clustered(tmp_path):
    db = open_test_corpus(tmp_path / "c.db")
    index = NearDuplicateIndex(db)
    caption = Article("foto", "foto", "humas-ende", "/foto/1", "2024-01-22", "Foto",
                      ["Bupati Ende meninjau lokasi banjir di Nangapanda, Senin (22/1/2024)."])
    copy = Article("foto-copy", "foto", "flores-pos", "/foto/1", "2024-01-22", "Foto", caption.paragraphs)
    ids = store_and_index(db, index, [caption, copy])
    indexed = {r["article_id"] for r in db.query("select article_id from minhash_signatures")}
    assert indexed == {ids["foto"], ids["foto-copy"]}
    assert db["clusters"].count == 0


def test_add_unknown_article_raises(tmp_path):
    db = open_test_corpus(tmp_path / "c.db")
    with pytest.raises(KeyError):
        NearDuplicateIndex(db).add(999)


# ---------------------------------------------------------------------------------------
# Persistence and rebuild
# ---------------------------------------------------------------------------------------


def test_second_index_on_the_same_file_finds_earlier_articles(tmp_path):
    path = tmp_path / "c.db"
    db = open_test_corpus(path)
    release_id = store(db, RELEASES[2])
    NearDuplicateIndex(db).add(release_id)
    db.close()

    reopened = corpus.open_corpus(path)
    repost_id = store(reopened, apply_repost(RELEASES[2], REPOSTS[3]))
    match = NearDuplicateIndex(reopened).add(repost_id)
    assert match is not None and match["origin_id"] == release_id


def test_rebuild_reproduces_the_same_clusters(labelled):
    db, _, _ = labelled
    before = cluster_sets(db), set(r["article_id"] for r in db.query("select article_id from clusters where is_origin"))
    calls = []
    assert rebuild_index(db, progress=lambda done, total: calls.append((done, total))) == db["articles"].count
    after = cluster_sets(db), set(r["article_id"] for r in db.query("select article_id from clusters where is_origin"))
    assert after == before
    assert calls[-1] == (db["articles"].count, db["articles"].count)


def test_index_built_under_another_signature_scheme_must_be_rebuilt(tmp_path):
    path = tmp_path / "c.db"
    db = open_test_corpus(path)
    ids = store_and_index(db, NearDuplicateIndex(db), [RELEASES[5], apply_repost(RELEASES[5], REPOSTS[6])])
    db.execute("update dedup_settings set value = 'word5grams-128perm' where key = 'signature_scheme'")
    with pytest.raises(StaleIndexError):
        NearDuplicateIndex(db)
    result = CliRunner().invoke(dedupe_command, ["--db", str(path)])
    assert result.exit_code == 1 and "humas dedupe --rebuild" in result.output
    result = CliRunner().invoke(dedupe_command, ["--db", str(path), "--rebuild"])
    assert result.exit_code == 0, result.output
    assert NearDuplicateIndex(db).add(ids["festival"]) is None  # usable again, already indexed
    assert cluster_sets(db) == {frozenset(ids.values())}


def test_index_pending_catches_up_on_articles_stored_without_indexing(tmp_path):
    db = open_test_corpus(tmp_path / "c.db")
    for article in (RELEASES[3], apply_repost(RELEASES[3], REPOSTS[4])):
        store(db, article)
    index = NearDuplicateIndex(db)
    assert index.index_pending() == 2
    assert index.index_pending() == 0
    assert len(cluster_sets(db)) == 1


# ---------------------------------------------------------------------------------------
# Origin, articles_unique, report
# ---------------------------------------------------------------------------------------


def origin_of(db, article_id: int) -> int:
    return next(db.query(
        "select o.article_id from clusters c join clusters o on o.cluster_id = c.cluster_id and o.is_origin "
        "where c.article_id = ?", [article_id]))["article_id"]


def test_origin_is_the_earliest_copy_even_when_indexed_last(tmp_path):
    db = open_test_corpus(tmp_path / "c.db")
    release = RELEASES[4]
    repost = apply_repost(release, REPOSTS[5])
    ids = store_and_index(db, NearDuplicateIndex(db), [repost, release])
    assert origin_of(db, ids["pasar-poros"]) == ids["pasar"]


def test_origin_prefers_go_id_on_the_same_day(tmp_path):
    db = open_test_corpus(tmp_path / "c.db")
    release = RELEASES[6]
    # The portal shows an earlier hour on the same day (mis-zoned clock): the release wins.
    portal = Article("banjir-dini", "banjir", "poros-nusantara", "/2024/01/22/banjir-nangapanda",
                     "2024-01-22T07:00:00+08:00", release.title, release.paragraphs)
    ids = store_and_index(db, NearDuplicateIndex(db), [portal, release])
    assert origin_of(db, ids["banjir-dini"]) == ids["banjir"]


def test_origin_is_the_portal_when_it_published_a_day_earlier(tmp_path):
    db = open_test_corpus(tmp_path / "c.db")
    release = RELEASES[6]
    portal = Article("banjir-kemarin", "banjir", "poros-nusantara", "/2024/01/21/banjir-nangapanda",
                     "2024-01-21", release.title, release.paragraphs)
    ids = store_and_index(db, NearDuplicateIndex(db), [release, portal])
    assert origin_of(db, ids["banjir-kemarin"]) == ids["banjir-kemarin"]


def test_articles_unique_keeps_origins_and_unclustered_articles(labelled):
    db, articles, ids = labelled
    unique_ids = {r["id"] for r in db.query("select id from articles_unique")}
    stories = {a.story for a in articles}
    assert len(unique_ids) == len(stories)
    for release in RELEASES:
        assert ids[release.key] in unique_ids
    for repost in REPOSTS:
        assert ids[repost.key] not in unique_ids
    for story in SAME_EVENT_STORIES + column_editions():
        assert ids[story.key] in unique_ids


def test_cluster_report_lists_origin_and_copies_with_delay_and_edit_distance(labelled):
    db, _, ids = labelled
    report = {c["origin"]["article_id"]: c for c in cluster_report(db)}
    jagung = report[ids["jagung"]]
    assert jagung["origin"]["site"] == "humas-kupangkab"
    assert jagung["origin"]["title"].startswith("Bupati Kupang Panen Raya")
    copies = {c["article_id"]: c for c in jagung["copies"]}
    assert set(copies) == {ids["jagung-poros"], ids["jagung-timex"]}
    poros = copies[ids["jagung-poros"]]
    assert poros["site"] == "poros-nusantara"
    assert poros["url"] == "https://porosnusantara.co.id/2023/05/13/panen-jagung-tjps-di-oelnasi-capai-52-ton"
    assert poros["delay_hours"] == pytest.approx(21.8, abs=0.1)
    assert 0.05 < poros["edit_distance"] < 0.5
    exact = {c["article_id"]: c for c in report[ids["dukcapil"]]["copies"]}[ids["dukcapil-copy"]]
    assert exact["edit_distance"] == 0
    assert exact["delay_hours"] == pytest.approx(5.3, abs=0.1)


def test_cluster_report_filters_by_site_and_since(labelled):
    db, _, ids = labelled
    by_site = cluster_report(db, site="suara-banyumas")
    assert [c["origin"]["article_id"] for c in by_site] == [ids["polio"]]
    since = cluster_report(db, since="2024-01-01")
    assert {c["origin"]["article_id"] for c in since} == {ids["polio"], ids["banjir"]}
    assert cluster_report(db, site="flores-pos", since="2024-02-01") == []


# ---------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------


def test_dedupe_command_indexes_pending_and_rebuilds(tmp_path):
    path = tmp_path / "c.db"
    db = open_test_corpus(path)
    for article in labelled_articles():
        store(db, article)
    runner = CliRunner()
    result = runner.invoke(dedupe_command, ["--db", str(path)])
    assert result.exit_code == 0, result.output
    assert f"indexed {len(labelled_articles())} articles" in result.output
    clusters_before = cluster_sets(db)
    result = runner.invoke(dedupe_command, ["--db", str(path), "--rebuild"])
    assert result.exit_code == 0, result.output
    assert cluster_sets(db) == clusters_before


def test_clusters_command_prints_the_report(labelled, tmp_path):
    result = CliRunner().invoke(clusters_command, ["--db", str(tmp_path / "c.db"), "--site", "suara-banyumas"],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Sub PIN Polio" in result.output and "suara-banyumas" in result.output
    assert "Festival" not in result.output


def test_clusters_command_rejects_a_directory_as_db(tmp_path):
    result = CliRunner().invoke(clusters_command, ["--db", str(tmp_path)])
    assert result.exit_code == 2
