// hash (Murmur3, seed 42), xxhash64 (seed 42), md5, sha1/sha, sha2, crc32.
#include <openssl/evp.h>

#include <array>
#include <mutex>

#include "common/error.h"
#include "function/argument_checks.h"
#include "function/kernel.h"
#include "function/registry.h"
#include "function/spark_hash.h"

namespace spate {

namespace {

using Args = std::vector<ExprPtr>;

bool containsMap(const DataType& type) {
  switch (type.id()) {
    case TypeId::kMap:
      return true;
    case TypeId::kArray:
      return containsMap(*type.element());
    case TypeId::kStruct:
      for (const auto& f : type.fields())
        if (containsMap(*f.type)) return true;
      return false;
    default:
      return false;
  }
}

template <bool kXx>
ExprPtr bindHash(std::string name, Args args) {
  checkArity(name, args, 1, -1);
  for (const auto& a : args)
    if (containsMap(*a->type))
      throwDataTypeMismatch(
          name, args, "HASH_MAP_TYPE",
          "Input to the function `" + name +
              "` cannot contain elements of the \"MAP\" type. In Spark, same maps may have "
              "different hashcode, thus hash expressions are prohibited on \"MAP\" elements. To "
              "restore previous behavior set \"spark.sql.legacy.allowHashOnMapType\" to "
              "\"true\".");
  TypePtr type = kXx ? DataType::longType() : DataType::integer();
  return makeCall(
      name, type, std::move(args),
      [](const KernelArgs& a) {
        using Hash = std::conditional_t<kXx, int64_t, int32_t>;
        auto out = std::make_shared<Column>(a.resultType, a.rows);
        out->mutableData().resize(static_cast<size_t>(a.rows) * sizeof(Hash));
        Hash* h = out->mutableData().as<Hash>();
        std::fill(h, h + a.rows, Hash{42});
        for (const auto& c : a.columns) {
          if constexpr (kXx)
            spark_hash::xxhash64Column(*c, h);
          else
            spark_hash::murmur3Column(*c, h);
        }
        return ColumnPtr(out);
      },
      nullptr, false);
}

std::string hexDigest(const unsigned char* digest, unsigned length) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(length * 2, '0');
  for (unsigned k = 0; k < length; ++k) {
    out[2 * k] = kDigits[digest[k] >> 4];
    out[2 * k + 1] = kDigits[digest[k] & 15];
  }
  return out;
}

// Computes digests with one reusable context (OpenSSL's one-shot calls allocate and look the
// algorithm up on every call).
class Digester {
 public:
  Digester() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_) throw InternalError("OpenSSL: cannot allocate a digest context");
  }
  ~Digester() { EVP_MD_CTX_free(ctx_); }
  Digester(const Digester&) = delete;
  Digester& operator=(const Digester&) = delete;

  // Lower-case hex digest of `s` into `out`.
  void hex(const EVP_MD* md, std::string_view s, std::string& out) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    if (EVP_DigestInit_ex(ctx_, md, nullptr) != 1 ||
        EVP_DigestUpdate(ctx_, s.data(), s.size()) != 1 ||
        EVP_DigestFinal_ex(ctx_, digest, &length) != 1)
      throw InternalError("OpenSSL digest failed");
    out = hexDigest(digest, length);
  }

 private:
  EVP_MD_CTX* ctx_;
};

// The algorithm object, fetched once (EVP_md5() and friends are re-fetched on every init).
const EVP_MD* fetchDigest(const char* name) {
  static std::mutex mutex;
  static std::vector<std::pair<std::string, EVP_MD*>> cache;
  std::lock_guard lock(mutex);
  for (const auto& [n, md] : cache)
    if (n == name) return md;
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (!md) throw InternalError(std::string("OpenSSL: digest not available: ") + name);
  cache.emplace_back(name, md);
  return md;
}

ExprPtr bindDigest(std::string name, Args args, const char* algorithm) {
  checkArity(name, args, 1, 1);
  args[0] = binaryArg(name, args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      name, DataType::string(), std::move(args),
      [algorithm](const KernelArgs& a) {
        std::string scratch;
        const EVP_MD* md = fetchDigest(algorithm);
        Digester digester;
        return mapUnary<std::string_view, std::string_view>(a, [&](std::string_view s) {
          digester.hex(md, s, scratch);
          return std::string_view(scratch);
        });
      },
      nullptr, nullable);
}

// sha2(bin, bitLength): 224, 256 (also 0), 384 or 512; any other length gives NULL.
ExprPtr bindSha2(Args args) {
  checkArity("sha2", args, 2, 2);
  args[0] = binaryArg("sha2", args, 0);
  args[1] = intArg("sha2", args, 1);
  return makeCall("sha2", DataType::string(), std::move(args), [](const KernelArgs& a) {
    std::string scratch;
    Digester digester;
    return mapBinary<std::string_view, std::string_view, int32_t>(
        a, [&](std::string_view s, int32_t bits) -> std::optional<std::string_view> {
          const char* name = nullptr;
          switch (bits) {
            case 0:
            case 256:
              name = "SHA256";
              break;
            case 224:
              name = "SHA224";
              break;
            case 384:
              name = "SHA384";
              break;
            case 512:
              name = "SHA512";
              break;
            default:
              return std::nullopt;
          }
          digester.hex(fetchDigest(name), s, scratch);
          return std::string_view(scratch);
        });
  });
}

const std::array<uint32_t, 256>& crcTable() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

ExprPtr bindCrc32(Args args) {
  checkArity("crc32", args, 1, 1);
  args[0] = binaryArg("crc32", args, 0);
  bool nullable = args[0]->nullable;
  return makeCall(
      "crc32", DataType::longType(), std::move(args),
      [](const KernelArgs& a) {
        const auto& table = crcTable();
        return mapUnary<int64_t, std::string_view>(a, [&](std::string_view s) {
          uint32_t c = 0xFFFFFFFFu;
          for (unsigned char b : s) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
          return static_cast<int64_t>(c ^ 0xFFFFFFFFu);
        });
      },
      nullptr, nullable);
}

}  // namespace

void registerHashFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addScalar(name, std::function<ExprPtr(std::vector<ExprPtr>)>(binder), usage);
  };
  add(
      "hash", [](Args a) { return bindHash<false>("hash", std::move(a)); },
      "hash(expr1, expr2, ...) - Murmur3 hash of the arguments (seed 42)");
  add(
      "xxhash64", [](Args a) { return bindHash<true>("xxhash64", std::move(a)); },
      "xxhash64(expr1, expr2, ...) - 64-bit xxHash of the arguments (seed 42)");
  add(
      "md5", [](Args a) { return bindDigest("md5", std::move(a), "MD5"); },
      "md5(expr) - MD5 digest as hex");
  add(
      "sha1", [](Args a) { return bindDigest("sha1", std::move(a), "SHA1"); },
      "sha1(expr) - SHA-1 digest as hex");
  add(
      "sha", [](Args a) { return bindDigest("sha", std::move(a), "SHA1"); },
      "sha(expr) - SHA-1 digest as hex");
  add("sha2", bindSha2, "sha2(expr, bitLength) - SHA-2 digest as hex (224, 256, 384, 512)");
  add("crc32", bindCrc32, "crc32(expr) - CRC-32 checksum");
}

}  // namespace spate
