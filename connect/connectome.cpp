#include "connect/connectome.hpp"

#include <numeric>
#include <string>

#include "core/error.hpp"

namespace neurowire::connect {
namespace {

// Stable counting sort of rows by `key` (values < n_keys): returns the row order.
std::vector<edge_t> counting_order(const std::vector<index_t>& key, index_t n_keys, const std::vector<edge_t>& rows) {
    std::vector<edge_t> start(std::size_t(n_keys) + 1, 0);
    for (const edge_t r : rows) ++start[key[r] + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<edge_t> order(rows.size());
    for (const edge_t r : rows) order[start[key[r]]++] = r;
    return order;
}

template <class T>
std::vector<T> permuted(const std::vector<T>& v, const std::vector<edge_t>& order) {
    std::vector<T> out(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) out[i] = v[order[i]];
    return out;
}

// Locations (row = target, column = source), in column-major order because rows are sorted by
// source then target.
arma::umat locations_of(const Connectome& c, const std::vector<edge_t>& rows) {
    arma::umat loc(2, rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        loc(0, i) = c.target[rows[i]];
        loc(1, i) = c.source[rows[i]];
    }
    return loc;
}

}  // namespace

Connectome Connectome::from_arrays(index_t n_source, index_t n_target, std::vector<index_t> source,
                                   std::vector<index_t> target, std::vector<float> weight, std::vector<float> delay) {
    const std::size_t n = source.size();
    if (target.size() != n || weight.size() != n || delay.size() != n)
        throw config_error("connectome", "source, target, weight and delay of equal length",
                           std::to_string(n) + ", " + std::to_string(target.size()) + ", " +
                               std::to_string(weight.size()) + ", " + std::to_string(delay.size()));
    for (std::size_t i = 0; i < n; ++i) {
        if (source[i] >= n_source)
            throw config_error("connectome.source", "indices below n_source = " + std::to_string(n_source),
                               std::to_string(source[i]) + " in row " + std::to_string(i));
        if (target[i] >= n_target)
            throw config_error("connectome.target", "indices below n_target = " + std::to_string(n_target),
                               std::to_string(target[i]) + " in row " + std::to_string(i));
    }
    Connectome c;
    c.n_source = n_source;
    c.n_target = n_target;
    c.source = std::move(source);
    c.target = std::move(target);
    c.weight = std::move(weight);
    c.delay = std::move(delay);
    if (c.is_sorted()) return c;
    // Two stable counting passes (target, then source) give (source, target) order and keep
    // repeated pairs in their given order.
    std::vector<edge_t> rows(n);
    std::iota(rows.begin(), rows.end(), edge_t{0});
    const std::vector<edge_t> order = counting_order(c.source, n_source, counting_order(c.target, n_target, rows));
    c.source = permuted(c.source, order);
    c.target = permuted(c.target, order);
    c.weight = permuted(c.weight, order);
    c.delay = permuted(c.delay, order);
    return c;
}

arma::sp_mat Connectome::weight_matrix() const {
    std::vector<edge_t> rows(size());
    std::iota(rows.begin(), rows.end(), edge_t{0});
    arma::vec values(size());
    for (edge_t e = 0; e < size(); ++e) values[e] = weight[e];
    // One batch construction; add_values sums the rows of repeated pairs. Zeros are kept so the
    // pattern is the connection pattern (and equals delay_matrix's).
    return arma::sp_mat(true, locations_of(*this, rows), values, n_target, n_source, false, false);
}

arma::sp_mat Connectome::delay_matrix() const {
    std::vector<edge_t> rows;
    rows.reserve(size());
    for (edge_t e = 0; e < size(); ++e) {
        if (e > 0 && source[e] == source[e - 1] && target[e] == target[e - 1]) {
            if (delay[e] != delay[e - 1])
                throw config_error("delay", "equal delays on repeated pairs to form a delay matrix",
                                   std::to_string(delay[e - 1]) + " and " + std::to_string(delay[e]) + " for source " +
                                       std::to_string(source[e]) + ", target " + std::to_string(target[e]));
            continue;
        }
        rows.push_back(e);
    }
    arma::vec values(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) values[i] = delay[rows[i]];
    return arma::sp_mat(locations_of(*this, rows), values, n_target, n_source, false, false);
}

CompressedIndex Connectome::csr() const {
    CompressedIndex x;
    x.ptr.assign(std::size_t(n_source) + 1, 0);
    for (const index_t s : source) ++x.ptr[s + 1];
    std::partial_sum(x.ptr.begin(), x.ptr.end(), x.ptr.begin());
    x.idx = target;
    x.edge.resize(size());
    std::iota(x.edge.begin(), x.edge.end(), edge_t{0});
    return x;
}

CompressedIndex Connectome::csc() const {
    CompressedIndex x;
    std::vector<edge_t> rows(size());
    std::iota(rows.begin(), rows.end(), edge_t{0});
    x.edge = counting_order(target, n_target, rows);   // stable: sources ascend within a target
    x.ptr.assign(std::size_t(n_target) + 1, 0);
    for (const index_t t : target) ++x.ptr[t + 1];
    std::partial_sum(x.ptr.begin(), x.ptr.end(), x.ptr.begin());
    x.idx.resize(size());
    for (std::size_t i = 0; i < x.edge.size(); ++i) x.idx[i] = source[x.edge[i]];
    return x;
}

std::vector<std::uint32_t> Connectome::out_degrees() const {
    std::vector<std::uint32_t> d(n_source, 0);
    for (const index_t s : source) ++d[s];
    return d;
}

std::vector<std::uint32_t> Connectome::in_degrees() const {
    std::vector<std::uint32_t> d(n_target, 0);
    for (const index_t t : target) ++d[t];
    return d;
}

bool Connectome::is_sorted() const {
    for (edge_t e = 1; e < size(); ++e) {
        if (source[e] < source[e - 1]) return false;
        if (source[e] == source[e - 1] && target[e] < target[e - 1]) return false;
    }
    return true;
}

}  // namespace neurowire::connect
